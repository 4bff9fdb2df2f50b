package io.visutility.http;

import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as a stream whose read failures are {@link MalformedBodyException}s. Helidon reports
 * a body it cannot decode (a chunk size that is not hex) with assorted unchecked exceptions; any of
 * them, thrown while reading the request, is the client's doing, not a server failure. Failures of
 * whatever consumes the bytes (a full disk) are not touched, and neither is a connection that is gone
 * ({@link ServerConnectionException}), which Helidon closes quietly itself.
 *
 * <p>Once a read has failed the body is not closed: closing drains what is left of it, and a body
 * whose framing is broken has no end to drain to, so the drain would wait on the socket until the
 * idle timeout instead of answering.
 */
final class RequestStream extends FilterInputStream {
    private boolean broken;

    private RequestStream(InputStream in) {
        super(in);
    }

    static InputStream of(ServerRequest req) {
        return new RequestStream(req.content().inputStream());
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            throw broken(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw broken(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException | RuntimeException e) {
            throw broken(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (broken) {
            return;
        }
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            throw broken(e);
        }
    }

    private RuntimeException broken(Exception e) {
        broken = true;
        return e instanceof ServerConnectionException gone ? gone : new MalformedBodyException(e);
    }
}
