package dev.dovetail.runtime.intake;

/**
 * The stable codes of {@link IntakeDecision.Refused}, with the status each comes with. Clients and
 * dashboards may rely on them; add new ones, never rename.
 */
public final class RefusalCode {
    private RefusalCode() {}

    /** 404: no system of that name in the workspace. */
    public static final String UNKNOWN_SYSTEM = "unknown-system";
    /** 404: the system declares no event of that name. */
    public static final String UNKNOWN_EVENT = "unknown-event";
    /** 404: the event exists but does not come by webhook (it is polled, scheduled or consumed). */
    public static final String NOT_A_WEBHOOK = "not-a-webhook";

    /** 413: the body (or, for gzip, the decompressed body) is larger than the event's {@code maxBodySize}. */
    public static final String BODY_TOO_LARGE = "body-too-large";
    /** 415: no or an unsupported {@code Content-Type}, or a charset the format does not allow. */
    public static final String UNSUPPORTED_CONTENT_TYPE = "unsupported-content-type";
    /** 415: a {@code Content-Encoding} other than identity or gzip. */
    public static final String UNSUPPORTED_CONTENT_ENCODING = "unsupported-content-encoding";

    /** 401: the signature header is absent. */
    public static final String SIGNATURE_MISSING = "signature-missing";
    /** 401: no signature in the header matches the body and timestamp. */
    public static final String SIGNATURE_INVALID = "signature-invalid";
    /** 401: the timestamp header is absent. */
    public static final String TIMESTAMP_MISSING = "timestamp-missing";
    /** 401: the timestamp header is not a number of epoch seconds or milliseconds. */
    public static final String TIMESTAMP_INVALID = "timestamp-invalid";
    /** 401: the timestamp is further from now than the signature's tolerance. */
    public static final String STALE = "stale";
    /** 401: this exact signature was already accepted within the tolerance window. */
    public static final String REPLAYED = "replayed";
    /** 401: the token header is absent. */
    public static final String TOKEN_MISSING = "token-missing";
    /** 401: the token does not match. */
    public static final String TOKEN_INVALID = "token-invalid";

    /** 400: the body is empty. */
    public static final String EMPTY_BODY = "empty-body";
    /** 400: the body is not valid in its character encoding (invalid UTF-8, a byte order mark in JSON, NUL bytes). */
    public static final String INVALID_ENCODING = "invalid-encoding";
    /** 400: a gzip body that does not decompress. */
    public static final String MALFORMED_GZIP = "malformed-gzip";
    /** 400: not one well-formed JSON object or array (syntax, duplicate keys, trailing content, NaN...). */
    public static final String MALFORMED_JSON = "malformed-json";
    /** 400: not well-formed XML. */
    public static final String MALFORMED_XML = "malformed-xml";
    /** 400: XML with a document type declaration; DTDs and entities are never processed. */
    public static final String XML_DOCTYPE = "xml-doctype";
    /** 400: a form body that is not valid {@code application/x-www-form-urlencoded}. */
    public static final String MALFORMED_FORM = "malformed-form";
    /** 400: nested deeper than the limit (64). */
    public static final String TOO_DEEP = "too-deep";
    /** 400: a text, name or number longer than allowed, a number out of range, or too many values. */
    public static final String LIMIT_EXCEEDED = "limit-exceeded";

    /** 422: the event's key path gives nothing (or an empty text) for this payload. */
    public static final String KEY_MISSING = "key-missing";
    /** 422: the key path gives a list, an object, or a text longer than 500 characters. */
    public static final String KEY_INVALID = "key-invalid";
    /** 422: the event declares a version path and it gives nothing for this payload. */
    public static final String VERSION_MISSING = "version-missing";
    /** 422: the version path gives a list or an object. */
    public static final String VERSION_INVALID = "version-invalid";
}
