package dev.dovetail.runtime.intake;

/** Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
final class Utf8 {
    private Utf8() {}

    /** The offset of the first byte that is not valid UTF-8, or -1 when all of {@code bytes} is valid. */
    static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int length;
            int min2;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
                min2 = 0x80;
            } else if (b == 0xE0) {
                length = 3;
                min2 = 0xA0; // no overlong
            } else if (b == 0xED) {
                length = 3;
                min2 = 0x80;
                max2 = 0x9F; // no surrogates
            } else if (b >= 0xE1 && b <= 0xEF) {
                length = 3;
                min2 = 0x80;
            } else if (b == 0xF0) {
                length = 4;
                min2 = 0x90; // no overlong
            } else if (b >= 0xF1 && b <= 0xF3) {
                length = 4;
                min2 = 0x80;
            } else if (b == 0xF4) {
                length = 4;
                min2 = 0x80;
                max2 = 0x8F; // nothing above U+10FFFF
            } else {
                return i;
            }
            if (i + length > n) return i;
            int second = bytes[i + 1] & 0xFF;
            if (second < min2 || second > max2) return i;
            for (int k = 2; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) return i;
            }
            i += length;
        }
        return -1;
    }
}
