package dev.dovetail.acceptance.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Samples of a Prometheus text exposition ({@code /actuator/prometheus}). */
public final class Prometheus {

    /** One sample line: {@code name{label="value",...} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    private final List<Sample> samples;

    private Prometheus(List<Sample> samples) {
        this.samples = samples;
    }

    public static Prometheus parse(String text) {
        var samples = new ArrayList<Sample>();
        for (var line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            samples.add(sample(line));
        }
        return new Prometheus(List.copyOf(samples));
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space;
        String name;
        var labels = new LinkedHashMap<String, String>();
        if (brace >= 0 && brace < line.indexOf(' ')) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (i < line.length() && line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq).strip();
                var value = new StringBuilder();
                int j = eq + 2; // after ="
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (i < line.length() && line.charAt(i) == ',') i++;
            }
            space = line.indexOf(' ', i);
        } else {
            space = line.indexOf(' ');
            name = line.substring(0, space);
        }
        String rest = line.substring(space + 1).strip();
        int end = rest.indexOf(' ');
        String number = end < 0 ? rest : rest.substring(0, end);
        double value = switch (number) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(number);
        };
        return new Sample(name, Map.copyOf(labels), value);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples named {@code name}. */
    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The sum of the samples named {@code name} that match {@code filter} (0 when there are none). */
    public double sum(String name, Predicate<Sample> filter) {
        return named(name).stream().filter(filter).mapToDouble(Sample::value).sum();
    }

    public double sum(String name) {
        return sum(name, s -> true);
    }

    /** Whether any sample is named {@code name}. */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
