package dev.dovetail.connectors.file;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The encoding of a text file: a Java charset, plus whether a UTF-8 byte order mark is written.
 *
 * <p>Written as {@code UTF-8} (no mark), {@code UTF-8-BOM} (with the mark {@code EF BB BF}), {@code GBK},
 * {@code GB18030} or any other charset name the JVM knows. Reading is the same for {@code UTF-8} and
 * {@code UTF-8-BOM}, and a file that starts with the UTF-8 mark is read as UTF-8 whatever the configured
 * charset, as Excel and most Chinese systems do. Coding is strict both ways: bytes that are not valid in
 * the charset, or characters it cannot hold, are errors, never replacement characters.
 *
 * @param charset the charset
 * @param byteOrderMark whether writing starts with the UTF-8 byte order mark
 */
public record FileCharset(Charset charset, boolean byteOrderMark) {

    static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    public static final FileCharset UTF_8 = new FileCharset(StandardCharsets.UTF_8, false);
    public static final FileCharset UTF_8_BOM = new FileCharset(StandardCharsets.UTF_8, true);

    public FileCharset {
        requireNonNull(charset, "charset");
        if (byteOrderMark && !charset.equals(StandardCharsets.UTF_8)) {
            throw new IllegalArgumentException("a byte order mark is written only for UTF-8, not " + charset.name());
        }
    }

    /**
     * Parses {@code UTF-8}, {@code UTF-8-BOM}, {@code GBK} and the other charset names of the JVM (case-insensitive).
     *
     * @throws IllegalArgumentException for a name the JVM does not know
     */
    public static FileCharset of(String name) {
        requireNonNull(name, "name");
        var upper = name.strip().toUpperCase(Locale.ROOT);
        if (upper.equals("UTF-8-BOM") || upper.equals("UTF8-BOM") || upper.equals("UTF-8 BOM")) {
            return UTF_8_BOM;
        }
        try {
            var charset = Charset.forName(name.strip());
            return charset.equals(StandardCharsets.UTF_8) ? UTF_8 : new FileCharset(charset, false);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("'" + name + "' is not a charset this JVM knows (e.g. UTF-8, UTF-8-BOM, GBK, GB18030)");
        }
    }

    /** {@code UTF-8-BOM} or the charset's name, as a workspace writes it. */
    public String label() {
        return byteOrderMark ? "UTF-8-BOM" : charset.name();
    }

    /**
     * Encodes text, preceded by the byte order mark when configured.
     *
     * @throws CharacterCodingException when a character cannot be written in the charset
     */
    byte[] encode(String text) throws CharacterCodingException {
        CharsetEncoder encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer body = encoder.encode(CharBuffer.wrap(text));
        var prefix = byteOrderMark ? UTF8_BOM.length : 0;
        var bytes = new byte[prefix + body.remaining()];
        if (byteOrderMark) {
            System.arraycopy(UTF8_BOM, 0, bytes, 0, prefix);
        }
        body.get(bytes, prefix, body.remaining());
        return bytes;
    }

    /** Whether this charset can write {@code text}. */
    boolean canEncode(String text) {
        return charset.newEncoder().canEncode(text);
    }

    /**
     * Decodes a whole file strictly, dropping a leading UTF-8 byte order mark (and then reading UTF-8).
     *
     * @throws UndecodableText with the 1-based line of the first invalid byte
     */
    String decode(byte[] bytes) throws UndecodableText {
        var utf8Mark = bytes.length >= 3 && Arrays.equals(bytes, 0, 3, UTF8_BOM, 0, 3);
        var used = utf8Mark ? StandardCharsets.UTF_8 : charset;
        var offset = utf8Mark ? 3 : 0;
        var decoder = used.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        var out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, (long) (bytes.length * (double) decoder.maxCharsPerByte()) + 16));
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            // GBK and UTF-8 never use 0x0A inside a multi-byte character, so counting it gives the line
            var line = 1;
            for (int i = offset; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new UndecodableText(line, "line " + line + ": bytes that are not valid " + used.name()
                    + (utf8Mark ? " (the file starts with a UTF-8 byte order mark)" : "") + " at byte " + in.position());
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** Bytes that are not valid in the charset. */
    static final class UndecodableText extends Exception {
        private final int line;

        UndecodableText(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    @Override
    public String toString() {
        return label();
    }
}
