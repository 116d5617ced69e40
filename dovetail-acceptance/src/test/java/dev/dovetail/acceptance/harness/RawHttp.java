package dev.dovetail.acceptance.harness;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal HTTP/1.1 client over a plain socket, for hostile requests a regular client would refuse or normalise:
 * exact header values, no {@code Content-Type} at all, any bytes in the body. The body is written on its own
 * thread while the answer is read, so a server that answers early (413 before reading a 10 MB body) and closes is
 * still heard. One request per connection ({@code Connection: close}).
 */
public final class RawHttp {
    private RawHttp() {}

    /** An answer; {@code status} 0 when the connection ended without one (then {@code error} says how). */
    public record Answer(int status, Map<String, String> headers, byte[] body, long micros, String error) {
        public String text() {
            return new String(body, UTF_8);
        }

        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    /**
     * Sends {@code method target} to {@code 127.0.0.1:port}. {@code target} is sent as written (encode it yourself);
     * {@code contentType} null sends none.
     */
    public static Answer send(int port, String method, String target, String contentType, Map<String, List<String>> headers,
                              byte[] body, Duration timeout) {
        long began = System.nanoTime();
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout((int) timeout.toMillis());
            var head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            head.append("Connection: close\r\n");
            if (contentType != null) head.append("Content-Type: ").append(contentType).append("\r\n");
            headers.forEach((name, values) -> {
                if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Host")) return;
                for (var value : values) head.append(name).append(": ").append(value).append("\r\n");
            });
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            var out = socket.getOutputStream();
            var writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(head.toString().getBytes(UTF_8));
                    for (int offset = 0; offset < body.length; offset += 64 * 1024) {
                        out.write(body, offset, Math.min(64 * 1024, body.length - offset));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server stopped reading (it answered early); the answer is read below
                }
            });
            try {
                var answer = read(new BufferedInputStream(socket.getInputStream()), began);
                writer.join(Duration.ofSeconds(5));
                return answer;
            } catch (SocketTimeoutException e) {
                return new Answer(0, Map.of(), new byte[0], micros(began), "no answer within " + timeout);
            } catch (IOException e) {
                return new Answer(0, Map.of(), new byte[0], micros(began), e.toString());
            } finally {
                writer.interrupt();
            }
        } catch (IOException e) {
            return new Answer(0, Map.of(), new byte[0], micros(began), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer read(InputStream in, long began) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) return new Answer(0, Map.of(), new byte[0], micros(began), "connection closed without an answer");
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        var headers = new TreeMap<String, String>();
        String line;
        while ((line = line(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        byte[] body;
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            var buffer = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                if (size == null) break;
                int semicolon = size.indexOf(';');
                int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                if (length == 0) {
                    while ((line = line(in)) != null && !line.isEmpty()) { /* trailers */ }
                    break;
                }
                buffer.write(in.readNBytes(length));
                line(in);
            }
            body = buffer.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, body, micros(began), null);
    }

    private static String line(InputStream in) throws IOException {
        var buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') break;
            if (b != '\r') buffer.write(b);
        }
        if (b == -1 && buffer.size() == 0) return null;
        return buffer.toString(ISO_8859_1);
    }

    private static long micros(long began) {
        return (System.nanoTime() - began) / 1000;
    }
}
