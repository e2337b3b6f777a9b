package org.unveil.ipfs.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.ipfs.CarWriter;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsExporter;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;

class KuboRpcClientTest {
    @TempDir Path dir;
    FsBlockStore local;
    FsBlockStore kuboStore;
    KuboRpcTestServer kubo;
    KuboRpcClient client;

    @BeforeEach
    void start() throws IOException {
        local = FsBlockStore.open(dir.resolve("local"));
        kuboStore = FsBlockStore.open(dir.resolve("kubo"));
        kubo = new KuboRpcTestServer(kuboStore);
        client = new KuboRpcClient(kubo.uri(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        kubo.close();
        local.close();
        kuboStore.close();
    }

    @Test
    void idReportsThePeer() throws IOException {
        KuboNodeId id = client.id();
        assertEquals(KuboRpcTestServer.PEER_ID, id.peerId());
        assertTrue(id.agentVersion().startsWith("kubo/"));
        assertEquals(1, id.addresses().size());
    }

    @Test
    void importedCarArrivesIntactAndPinned() throws IOException {
        byte[] content = new byte[3_000_000];
        new Random(11).nextBytes(content);
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(content), UnixFsProfile.KUBO_LEGACY, local);
        Path car = exportCar(root);
        assertEquals(List.of(root), client.importCar(car, true));
        assertEquals(List.of(root), kuboStore.pins());
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        UnixFsExporter.export(root, kuboStore, back);
        assertTrue(java.util.Arrays.equals(content, back.toByteArray()));
        client.pinAdd(root);
    }

    @Test
    void pinErrorForAnIncompleteDagIsRaised() throws IOException {
        byte[] content = new byte[700_000];
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(content), UnixFsProfile.KUBO_LEGACY, local);
        Path car = dir.resolve("partial.car");
        try (OutputStream out = Files.newOutputStream(car); CarWriter w = new CarWriter(out, List.of(root))) {
            w.write(root, local.get(root)); // root only: its leaves are missing
        }
        RemoteServiceException e = assertThrows(RemoteServiceException.class, () -> client.importCar(car, true));
        assertTrue(e.getMessage().contains("could not pin"), e.getMessage());
    }

    @Test
    void kuboErrorMessageIsSurfacedWithStatus() {
        Cid unknown = Cid.sha256(Cid.RAW, new byte[] {9});
        RemoteServiceException e = assertThrows(RemoteServiceException.class, () -> client.pinAdd(unknown));
        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains(unknown.toString()), e.getMessage());
    }

    @Test
    void unreachableNodeFailsWithIoError() throws IOException {
        KuboRpcClient dead = new KuboRpcClient(URI.create("http://127.0.0.1:" + freePort()), Duration.ofSeconds(2));
        assertThrows(IOException.class, dead::id);
        assertThrows(IllegalArgumentException.class, () -> new KuboRpcClient(URI.create("ftp://x"), Duration.ofSeconds(1)));
    }

    Path exportCar(Cid root) throws IOException {
        Path car = dir.resolve("upload.car");
        try (OutputStream out = Files.newOutputStream(car); CarWriter w = new CarWriter(out, List.of(root))) {
            DagWalker.walk(root, local, DagScope.ALL, null, w::write);
        }
        return car;
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
