package dev.dovetail.sandbox.wms;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The encoding of the WMS's CSV files ({@code --charset}): {@code GBK}, as Chinese Windows software
 * writes, or {@code UTF-8-BOM} (UTF-8 with a byte order mark, which Excel needs to open UTF-8
 * CSV correctly). Files are written in it; incoming files are read in it, except that a file
 * starting with the UTF-8 byte order mark is always read as UTF-8.
 */
enum FileCharset {
    GBK("GBK", Charset.forName("GBK")),
    UTF_8_BOM("UTF-8-BOM", StandardCharsets.UTF_8);

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String optionValue;
    private final Charset charset;

    FileCharset(String optionValue, Charset charset) {
        this.optionValue = optionValue;
        this.charset = charset;
    }

    /** @throws IllegalArgumentException for anything but GBK or UTF-8-BOM (case-insensitive) */
    static FileCharset of(String optionValue) {
        for (FileCharset c : values()) {
            if (c.optionValue.equalsIgnoreCase(optionValue.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("--charset must be GBK or UTF-8-BOM, got " + optionValue);
    }

    String optionValue() {
        return optionValue;
    }

    byte[] encode(String text) {
        byte[] body = text.getBytes(charset);
        if (this != UTF_8_BOM) {
            return body;
        }
        byte[] out = Arrays.copyOf(BOM, BOM.length + body.length);
        System.arraycopy(body, 0, out, BOM.length, body.length);
        return out;
    }

    /** The text of a file; bytes that are not valid in the encoding are an error, not replacement characters. */
    String decode(byte[] bytes) throws CharacterCodingException {
        boolean bom = bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
        Charset read = bom ? StandardCharsets.UTF_8 : charset;
        ByteBuffer buffer = ByteBuffer.wrap(bytes, bom ? 3 : 0, bytes.length - (bom ? 3 : 0));
        return read.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(buffer)
                .toString();
    }

    @Override
    public String toString() {
        return optionValue.toUpperCase(Locale.ROOT);
    }
}
