package dev.dovetail.mapping;

/** The failure codes Dovetail itself uses; JSONata's own codes (S0xxx, T0xxx, D0xxx…) pass through unchanged. */
final class Codes {
    static final String LIMIT_TIMEOUT = "LIMIT_TIMEOUT";
    static final String LIMIT_DEPTH = "LIMIT_DEPTH";
    static final String UNKNOWN_MAPPING = "UNKNOWN_MAPPING";
    static final String BAD_INPUT = "BAD_INPUT";
    static final String BAD_RESULT = "BAD_RESULT";
    static final String BAD_ARGUMENT = "BAD_ARGUMENT";
    static final String VALUEMAP_UNKNOWN = "VALUEMAP_UNKNOWN";
    static final String VALUEMAP_UNMAPPED = "VALUEMAP_UNMAPPED";
    static final String ENGINE_ERROR = "ENGINE_ERROR";

    private Codes() {}
}
