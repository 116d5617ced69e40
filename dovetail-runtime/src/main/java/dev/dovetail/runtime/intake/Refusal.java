package dev.dovetail.runtime.intake;

/**
 * Thrown inside the intake pipeline to stop at the first reason to refuse; {@link WebhookIntake} turns it
 * into an {@link IntakeDecision.Refused} and never lets it out. No stack trace: it is an answer, not a bug.
 */
final class Refusal extends Exception {
    private static final int MAX_MESSAGE = 400;

    private final int status;
    private final String code;

    Refusal(int status, String code, String message) {
        super(clean(message), null, false, false);
        this.status = status;
        this.code = code;
    }

    static Refusal badRequest(String code, String message) {
        return new Refusal(400, code, message);
    }

    static Refusal unauthorized(String code, String message) {
        return new Refusal(401, code, message);
    }

    static Refusal unprocessable(String code, String message) {
        return new Refusal(422, code, message);
    }

    IntakeDecision.Refused decision() {
        return new IntakeDecision.Refused(status, code, getMessage());
    }

    /** Messages may quote the sender's input: no control characters (log forging), bounded length. */
    static String clean(String message) {
        var sb = new StringBuilder(Math.min(message.length(), MAX_MESSAGE + 1));
        for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = message.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                sb.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : '?');
            } else if (Character.isSurrogate(c)) {
                // keep a valid pair, replace a lone half
                if (Character.isHighSurrogate(c) && i + 1 < message.length() && Character.isLowSurrogate(message.charAt(i + 1))) {
                    sb.append(c).append(message.charAt(++i));
                } else {
                    sb.append('?');
                }
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX_MESSAGE) sb.append('…');
        return sb.toString();
    }

    /** A short, printable excerpt of sender input for a message. */
    static String quote(String input) {
        String excerpt = input.length() > 60 ? input.substring(0, 60) + "…" : input;
        return "'" + clean(excerpt) + "'";
    }
}
