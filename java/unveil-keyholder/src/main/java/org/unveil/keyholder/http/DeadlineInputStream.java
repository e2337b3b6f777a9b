package org.unveil.keyholder.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request body that must arrive within a deadline, or the connection is cut (a slow-loris client
 * otherwise holds a worker thread for as long as it likes). The JDK server reads a body with blocking
 * reads on the connection's {@code SocketChannel}; interrupting the reading thread closes the channel
 * (it is an {@code InterruptibleChannel}), which is the cut. The interrupt is aimed only while this
 * stream is armed, and taken back when it disarms, so it never reaches work done after the body.
 */
final class DeadlineInputStream extends FilterInputStream {
    /** The body did not arrive in time; the connection is closed, so no answer can be sent. */
    static final class TimedOutException extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOutException(long millis) {
            super("the request body did not arrive within " + millis + " ms; the connection was cut");
        }
    }

    private final Thread reader = Thread.currentThread();
    private final long millis;
    private final ScheduledFuture<?> watchdog;
    private boolean armed = true;
    private boolean fired;

    DeadlineInputStream(InputStream in, long millis, ScheduledExecutorService timer) {
        super(in);
        this.millis = millis;
        this.watchdog = timer.schedule(this::fire, millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void fire() {
        if (armed) {
            fired = true;
            reader.interrupt();
        }
    }

    /** Stops the watchdog; clears this stream's interrupt from the thread if it had fired. Idempotent. */
    void disarm() {
        synchronized (this) {
            armed = false;
        }
        watchdog.cancel(false);
        if (fired) Thread.interrupted();
    }

    boolean timedOut() {
        synchronized (this) {
            return fired;
        }
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b < 0) disarm();
            return b;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        try {
            int n = super.read(buf, off, len);
            if (n < 0) disarm();
            return n;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private IOException failed(IOException e) {
        disarm();
        return timedOut() ? new TimedOutException(millis) : e;
    }
}
