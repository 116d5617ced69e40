package dev.dovetail.runtime.intake;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@code application/x-www-form-urlencoded} body into a map: each field once as a text, a repeated
 * field as a list of texts in order. A single field named {@code payload} whose value starts with
 * <code>{</code> or {@code [} is parsed as JSON (as Slack, GitHub and other SaaS send their events), with the
 * same rules and limits as a JSON body; its key path is then {@code payload.<path>}.
 */
final class FormBodies {
    static final String PAYLOAD_FIELD = "payload";

    private final IntakeOptions options;
    private final JsonBodies json;

    FormBodies(IntakeOptions options, JsonBodies json) {
        this.options = options;
        this.json = json;
    }

    Map<String, Object> parse(byte[] body, Charset charset) throws Refusal {
        var fields = new LinkedHashMap<String, Object>();
        int count = 0;
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            if (end > start) {
                if (++count > options.maxValues()) {
                    throw Refusal.badRequest(RefusalCode.LIMIT_EXCEEDED, "the form has more than " + options.maxValues() + " fields");
                }
                int nameEnd = indexOf(body, (byte) '=', start, end);
                String name = decode(body, start, nameEnd, charset);
                String value = nameEnd == end ? "" : decode(body, nameEnd + 1, end, charset);
                if (name.isEmpty()) throw Refusal.badRequest(RefusalCode.MALFORMED_FORM, "a form field has no name");
                if (name.length() > options.maxNameLength()) {
                    throw Refusal.badRequest(RefusalCode.LIMIT_EXCEEDED, "a form field name is longer than " + options.maxNameLength() + " characters");
                }
                if (value.length() > options.maxStringLength()) {
                    throw Refusal.badRequest(RefusalCode.LIMIT_EXCEEDED, "the form field " + Refusal.quote(name) + " is longer than "
                            + options.maxStringLength() + " characters");
                }
                add(fields, name, value);
            }
            start = end + 1;
        }
        if (fields.isEmpty()) throw Refusal.badRequest(RefusalCode.EMPTY_BODY, "the form has no fields");
        if (fields.get(PAYLOAD_FIELD) instanceof String text && looksLikeJson(text)) {
            try {
                fields.put(PAYLOAD_FIELD, json.parse(text));
            } catch (Refusal inner) {
                throw Refusal.badRequest(inner.decision().code(), "the form field 'payload' holds invalid JSON: " + inner.getMessage());
            }
        }
        return fields;
    }

    private static boolean looksLikeJson(String text) {
        String stripped = text.stripLeading();
        return stripped.startsWith("{") || stripped.startsWith("[");
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> fields, String name, String value) {
        Object existing = fields.get(name);
        if (existing == null) {
            fields.put(name, value);
        } else if (existing instanceof List<?> list) {
            ((List<Object>) list).add(value);
        } else {
            var list = new ArrayList<Object>();
            list.add(existing);
            list.add(value);
            fields.put(name, list);
        }
    }

    /** The index of {@code b} in {@code bytes[from, to)}, or {@code to}. */
    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) return i;
        }
        return to;
    }

    /** Percent-decoding with {@code +} as space, then strict decoding in {@code charset}. */
    private static String decode(byte[] body, int from, int to, Charset charset) throws Refusal {
        var out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw Refusal.badRequest(RefusalCode.MALFORMED_FORM, "a '%' escape in the form is not followed by two hex digits");
                }
                int high = Character.digit(body[i + 1], 16);
                int low = Character.digit(body[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw Refusal.badRequest(RefusalCode.MALFORMED_FORM, "a '%' escape in the form is not followed by two hex digits");
                }
                out.write(high << 4 | low);
                i += 2;
            } else if (b < 0x20 || b >= 0x7F) {
                throw Refusal.badRequest(RefusalCode.MALFORMED_FORM, "the form holds a byte that must be %-escaped (0x"
                        + Integer.toHexString(b & 0xFF) + ")");
            } else {
                out.write(b);
            }
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw Refusal.badRequest(RefusalCode.INVALID_ENCODING, "a form field is not valid " + charset.name() + " after %-decoding");
        }
    }
}
