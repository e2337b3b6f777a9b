package org.unveil.ipfs.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;
import org.unveil.ipfs.gateway.TrustlessGateway;

class PinningServiceClientTest {
    static final String TOKEN = "secret-token-123";
    @TempDir Path dir;
    FsBlockStore local;
    FsBlockStore serviceStore;
    TrustlessGateway origin;
    PinningServiceTestServer service;
    PinningServiceClient client;

    @BeforeEach
    void start() throws IOException {
        local = FsBlockStore.open(dir.resolve("local"));
        serviceStore = FsBlockStore.open(dir.resolve("service"));
        origin = TrustlessGateway.start(local, 0);
        service = new PinningServiceTestServer(serviceStore, TOKEN);
        client = new PinningServiceClient(service.uri(), TOKEN, Duration.ofSeconds(5), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        service.close();
        origin.close();
        local.close();
        serviceStore.close();
    }

    String originAddr() {
        return "/ip4/127.0.0.1/tcp/" + origin.port() + "/http";
    }

    @Test
    void pinRequestReachesPinnedAfterTheServiceFetchesFromOurGateway() throws IOException {
        byte[] content = new byte[2_000_000];
        new Random(5).nextBytes(content);
        Cid root = UnixFsImporter.importFile(new ByteArrayInputStream(content), UnixFsProfile.UNIXFS_V1_2025, local);
        PinStatus queued = client.add(root, "release-1", List.of(originAddr()));
        assertEquals(root.toString(), queued.cid());
        assertEquals("release-1", queued.name());
        assertFalse(queued.delegates().isEmpty());
        PinStatus pinned = client.awaitPinned(queued.requestId(), Duration.ofSeconds(20));
        assertEquals(PinStatus.State.PINNED, pinned.state());
        assertEquals(List.of(root), serviceStore.pins());
        assertEquals(1, client.list(root, EnumSet.of(PinStatus.State.PINNED)).size());
        client.delete(queued.requestId());
        assertEquals(List.of(), client.list(root, EnumSet.noneOf(PinStatus.State.class)));
        RemoteServiceException gone = assertThrows(RemoteServiceException.class, () -> client.get(queued.requestId()));
        assertEquals(404, gone.status());
    }

    @Test
    void unreachableContentEndsFailedAndAwaitSaysSo() throws IOException {
        Cid absent = Cid.sha256(Cid.RAW, new byte[] {1, 2, 3});
        PinStatus queued = client.add(absent, null, List.of(originAddr()));
        RemoteServiceException e = assertThrows(RemoteServiceException.class,
                () -> client.awaitPinned(queued.requestId(), Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
        assertEquals(PinStatus.State.FAILED, client.get(queued.requestId()).state());
    }

    @Test
    void wrongTokenIs401WithAdviceAndTokenNeverInMessage() {
        PinningServiceClient wrong = new PinningServiceClient(service.uri(), "not-the-token", Duration.ofSeconds(5),
                Clock.systemUTC());
        RemoteServiceException e = assertThrows(RemoteServiceException.class,
                () -> wrong.add(Cid.sha256(Cid.RAW, new byte[] {1}), null, List.of()));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("UNAUTHORIZED") && e.getMessage().contains("check the access token"));
        assertFalse(e.getMessage().contains("not-the-token"));
    }

    @Test
    void awaitGivesUpAtTheLimitWhileStillQueued() throws IOException {
        service.holdQueue = true;
        Cid cid = Cid.sha256(Cid.RAW, new byte[] {7});
        PinStatus queued = client.add(cid, null, List.of());
        assertEquals(PinStatus.State.QUEUED, queued.state());
        long started = System.nanoTime();
        RemoteServiceException e = assertThrows(RemoteServiceException.class,
                () -> client.awaitPinned(queued.requestId(), Duration.ofMillis(600)));
        assertTrue(e.getMessage().contains("still queued"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3000);
    }

    @Test
    void tokensWithWhitespaceAreRejectedUpFront() {
        assertThrows(IllegalArgumentException.class,
                () -> new PinningServiceClient(service.uri(), "token\n", Duration.ofSeconds(1), Clock.systemUTC()));
        assertThrows(IllegalArgumentException.class, () -> client.get("../etc"));
    }
}
