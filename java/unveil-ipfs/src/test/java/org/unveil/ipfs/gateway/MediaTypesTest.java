package org.unveil.ipfs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MediaTypesTest {
    @Test
    void extensionsTheWebToolUses() {
        assertEquals("text/javascript; charset=utf-8", MediaTypes.byName("app.MJS"));
        assertEquals("application/wasm", MediaTypes.byName("x.wasm"));
        assertEquals("image/svg+xml", MediaTypes.byName("logo.svg"));
        assertEquals("audio/mpeg", MediaTypes.byName("a.mp3"));
        assertEquals("audio/flac", MediaTypes.byName("a.flac"));
        assertEquals("video/mp2t", MediaTypes.byName("seg.ts"));
        assertEquals("video/webm", MediaTypes.byName("v.webm"));
        assertNull(MediaTypes.byName("LICENSE"));
        assertNull(MediaTypes.byName("trailing."));
    }

    @Test
    void sniffSaysTextOnlyForControlFreeUtf8() {
        assertEquals(MediaTypes.TEXT, MediaTypes.sniff("héllo\n".getBytes(StandardCharsets.UTF_8), true));
        assertEquals(MediaTypes.OCTET_STREAM, MediaTypes.sniff(new byte[] {'a', 0, 'b'}, true));
        assertEquals(MediaTypes.OCTET_STREAM, MediaTypes.sniff(new byte[] {(byte) 0xff, 'a'}, true));
        byte[] cut = "aé".getBytes(StandardCharsets.UTF_8);
        byte[] head = java.util.Arrays.copyOf(cut, cut.length - 1);
        assertEquals(MediaTypes.TEXT, MediaTypes.sniff(head, false), "a character cut by the sniff window is fine");
        assertEquals(MediaTypes.OCTET_STREAM, MediaTypes.sniff(head, true), "but not at the end of the whole file");
        assertEquals(MediaTypes.TEXT, MediaTypes.sniff("<html><script>".getBytes(StandardCharsets.UTF_8), true),
                "markup without a .html name is shown as text, never run as a page");
    }
}
