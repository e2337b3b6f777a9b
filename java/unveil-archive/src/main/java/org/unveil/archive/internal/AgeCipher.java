package org.unveil.archive.internal;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.List;
import org.unveil.archive.AgeIdentity;

/**
 * Streaming age v1 encryption and decryption through jagged. Jagged closes the channel it wraps
 * when its own channel is closed, so the tar stream is handed over behind a non-closing view.
 */
public final class AgeCipher {
    private AgeCipher() {}

    public static WritableByteChannel encrypting(WritableByteChannel out, String recipient) throws IOException {
        try {
            return new StandardEncryptingChannelFactory().newEncryptingChannel(nonClosing(out),
                    List.of(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("age recipient " + recipient + " is unusable: " + e.getMessage(), e);
        }
    }

    public static ReadableByteChannel decrypting(ReadableByteChannel in, AgeIdentity identity) throws GeneralSecurityException, IOException {
        RecipientStanzaReader reader = X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity.encoded());
        return new StandardDecryptingChannelFactory().newDecryptingChannel(in, List.of(reader));
    }

    static WritableByteChannel nonClosing(WritableByteChannel out) {
        return new WritableByteChannel() {
            private boolean open = true;
            @Override public int write(ByteBuffer src) throws IOException {
                if (!open) throw new java.nio.channels.ClosedChannelException();
                return out.write(src);
            }
            @Override public boolean isOpen() {
                return open;
            }
            @Override public void close() {
                open = false;
            }
        };
    }
}
