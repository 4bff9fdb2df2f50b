package io.visutility.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.FutureTask;

/**
 * HTTP/1.1 over a bare socket, for requests no well-behaved client sends: a request target exactly as
 * written (backslashes, {@code %00}, {@code ..}), any method, a body declared with Content-Length or
 * chunked, or one that is cut off. The body is written on its own thread while the answer is read, so
 * a server that answers early (413) and closes is seen answering, not as a broken pipe.
 */
final class ApiBadInputRaw {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CRLF = {'\r', '\n'};

    private final int port;

    ApiBadInputRaw(int port) {
        this.port = port;
    }

    /** How the body goes on the wire. */
    enum Framing {
        CONTENT_LENGTH, CHUNKED,
        /** The body as it is, after whatever framing headers the caller adds. */
        NONE
    }

    /** One answer; header names in lower case. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String t = text();
            return status + " " + contentType() + " " + (t.length() > 400 ? t.substring(0, 400) + "…" : t);
        }
    }

    Reply send(String method, String target) {
        return send(method, target, null, null, Framing.CONTENT_LENGTH);
    }

    Reply send(String method, String target, String contentType, byte[] body) {
        return send(method, target, contentType, body, Framing.CONTENT_LENGTH);
    }

    Reply send(String method, String target, String contentType, byte[] body, Framing framing) {
        return send(method, target, contentType, body, framing, Map.of());
    }

    Reply send(String method, String target, String contentType, byte[] body, Framing framing,
            Map<String, String> extraHeaders) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null && framing != Framing.NONE) {
                head.append(framing == Framing.CHUNKED ? "Transfer-Encoding: chunked\r\n"
                        : "Content-Length: " + body.length + "\r\n");
            }
            extraHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            FutureTask<Void> writing = new FutureTask<>(() -> {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    writeBody(out, body, framing);
                }
                out.flush();
                return null;
            });
            Thread.ofVirtual().start(writing);
            Reply reply = read(s.getInputStream());
            finish(writing);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} byte for byte and reads the answer. */
    Reply exchange(byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    /**
     * Sends the head of a request declaring {@code declared} body bytes (or chunked), then
     * {@code sent} bytes of it, then closes the connection without reading an answer.
     */
    void abandon(String method, String target, long declared, int sent, Framing framing) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/octet-stream\r\n"
                    + (framing == Framing.CHUNKED ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + declared
                            + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] part = new byte[sent];
            java.util.Arrays.fill(part, (byte) 'x');
            if (framing == Framing.CHUNKED) {
                out.write(Integer.toHexString(sent).getBytes(StandardCharsets.ISO_8859_1));
                out.write(CRLF);
            }
            out.write(part);
            out.flush();
            s.setSoLinger(true, 0); // a reset, as a crashed client leaves it
        }
    }

    private static void writeBody(OutputStream out, byte[] body, Framing framing) throws IOException {
        if (framing != Framing.CHUNKED) {
            out.write(body);
            return;
        }
        int chunk = 64 * 1024;
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.write(Integer.toHexString(n).getBytes(StandardCharsets.ISO_8859_1));
            out.write(CRLF);
            out.write(body, i, n);
            out.write(CRLF);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Waits for the writer; a server that answered and closed before taking the whole body is fine. */
    private static void finish(Future<Void> writing) {
        try {
            writing.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof IOException)) {
                throw new IllegalStateException(e.getCause());
            }
        } catch (TimeoutException e) {
            writing.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
                if (complete(all.toByteArray())) {
                    break;
                }
            }
        } catch (IOException e) {
            if (all.size() == 0) {
                throw e;
            }
        }
        return parse(all.toByteArray());
    }

    private static boolean complete(byte[] b) {
        int end = headEnd(b);
        if (end < 0) {
            return false;
        }
        Map<String, String> headers = headers(new String(b, 0, end, StandardCharsets.ISO_8859_1));
        String length = headers.get("content-length");
        return length != null && b.length - end - 4 >= Long.parseLong(length.trim());
    }

    private static Reply parse(byte[] b) {
        int end = headEnd(b);
        if (end < 0) {
            throw new IllegalStateException("no complete answer: " + new String(b, StandardCharsets.ISO_8859_1));
        }
        String head = new String(b, 0, end, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        Map<String, String> headers = headers(head);
        byte[] rest = java.util.Arrays.copyOfRange(b, end + 4, b.length);
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            rest = unchunk(rest);
        } else if (headers.containsKey("content-length")) {
            rest = java.util.Arrays.copyOf(rest, Integer.parseInt(headers.get("content-length").trim()));
        }
        return new Reply(status, headers, rest);
    }

    private static int headEnd(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return headers;
    }

    private static byte[] unchunk(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < b.length) {
            int eol = i;
            while (eol + 1 < b.length && !(b[eol] == '\r' && b[eol + 1] == '\n')) {
                eol++;
            }
            int size = Integer.parseInt(new String(b, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(b, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
