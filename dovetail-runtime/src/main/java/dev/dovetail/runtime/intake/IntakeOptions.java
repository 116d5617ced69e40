package dev.dovetail.runtime.intake;

/**
 * Limits of {@link WebhookIntake} beyond each event's own {@code maxBodySize}.
 *
 * @param maxDepth            deepest nesting of JSON arrays/objects or XML elements (default 64)
 * @param maxStringLength     longest JSON string, XML text or attribute, or form value, in characters (default 1 MiB)
 * @param maxNameLength       longest JSON property, XML element/attribute or form field name (default 1,000)
 * @param maxNumberLength     longest JSON number, in characters (default 100)
 * @param maxValues           most values (objects, arrays, scalars, XML elements, form fields) in one body (default 100,000)
 * @param replayCacheSize     most remembered signatures; the oldest are forgotten first (default 100,000)
 * @param maxSignatures       most signatures read from one signature header (default 8)
 */
public record IntakeOptions(int maxDepth, int maxStringLength, int maxNameLength, int maxNumberLength, int maxValues,
                            int replayCacheSize, int maxSignatures) {

    public static final IntakeOptions DEFAULT = new IntakeOptions(64, 1024 * 1024, 1000, 100, 100_000, 100_000, 8);

    public IntakeOptions {
        positive("maxDepth", maxDepth);
        positive("maxStringLength", maxStringLength);
        positive("maxNameLength", maxNameLength);
        positive("maxNumberLength", maxNumberLength);
        positive("maxValues", maxValues);
        positive("replayCacheSize", replayCacheSize);
        positive("maxSignatures", maxSignatures);
    }

    private static void positive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
}
