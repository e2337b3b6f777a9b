package org.unveil.archive.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.unveil.archive.ArchiveFormatException;

/** Strict UTF-8 decoding: malformed bytes are an error, never replaced by U+FFFD. */
public final class Utf8 {
    private Utf8() {}

    public static String decodeStrict(byte[] b, int off, int len, String what) throws ArchiveFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new ArchiveFormatException(what + " is not valid UTF-8", e);
        }
    }
}
