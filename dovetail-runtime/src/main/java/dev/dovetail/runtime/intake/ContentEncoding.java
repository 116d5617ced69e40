package dev.dovetail.runtime.intake;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Undoes a {@code Content-Encoding}: none/identity, or gzip decompressed to at most the event's body limit,
 * so a gzip bomb (1 KB → 1 GB) costs at most that much memory and is refused with 413 once it passes it.
 */
final class ContentEncoding {
    private ContentEncoding() {}

    static byte[] decode(List<String> contentEncodings, byte[] body, long maxBodySize) throws Refusal {
        String encoding = null;
        for (String header : contentEncodings) {
            for (String part : header.split(",")) {
                String token = part.strip().toLowerCase(Locale.ROOT);
                if (token.isEmpty() || token.equals("identity")) continue;
                if (encoding != null) {
                    throw new Refusal(415, RefusalCode.UNSUPPORTED_CONTENT_ENCODING, "only one Content-Encoding (gzip) is supported, not several");
                }
                encoding = token;
            }
        }
        if (encoding == null) return body;
        if (!encoding.equals("gzip") && !encoding.equals("x-gzip")) {
            throw new Refusal(415, RefusalCode.UNSUPPORTED_CONTENT_ENCODING, "Content-Encoding " + Refusal.quote(encoding)
                    + " is not supported; send the body uncompressed or gzip-compressed");
        }
        return gunzip(body, maxBodySize);
    }

    private static byte[] gunzip(byte[] body, long maxBodySize) throws Refusal {
        var out = new ByteArrayOutputStream((int) Math.min(body.length * 4L, 64 * 1024));
        try (var in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) > 0) {
                total += read;
                if (total > maxBodySize) {
                    throw new Refusal(413, RefusalCode.BODY_TOO_LARGE, "the gzip body decompresses to more than the limit of "
                            + maxBodySize + " bytes");
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw Refusal.badRequest(RefusalCode.MALFORMED_GZIP, "the body is not valid gzip: " + e.getMessage());
        }
        return out.toByteArray();
    }
}
