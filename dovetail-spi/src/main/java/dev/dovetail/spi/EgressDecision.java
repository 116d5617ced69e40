package dev.dovetail.spi;

/**
 * Whether a connector may connect to a target, and why not.
 *
 * @param allowed {@code true} to connect
 * @param reason why the target is denied; {@code null} when allowed
 */
public record EgressDecision(boolean allowed, String reason) {

    private static final EgressDecision ALLOWED = new EgressDecision(true, null);

    public EgressDecision {
        if (!allowed && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a denial needs a reason");
        }
    }

    public static EgressDecision allow() {
        return ALLOWED;
    }

    public static EgressDecision deny(String reason) {
        return new EgressDecision(false, reason);
    }
}
