package dev.dovetail.runtime.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules a reviewer would otherwise have to remember (RELIABILITY S3 and S5): secrets and signatures are
 * compared in constant time, and XML parsers come only from the hardened helper.
 */
class IntakeSourceRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/dovetail/runtime/intake");
    private static Map<String, String> sources;

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .collect(Collectors.toMap(f -> f.getFileName().toString(), IntakeSourceRulesTest::read));
        }
        assertThat(sources).containsKeys("SignatureCheck.java", "TokenCheck.java", "HardenedXml.java");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void signatures_and_tokens_are_compared_in_constant_time() {
        for (String file : List.of("SignatureCheck.java", "TokenCheck.java")) {
            String code = sources.get(file);
            assertThat(code).as(file).contains("MessageDigest.isEqual(");
            assertThat(code).as(file).doesNotContain("Arrays.equals(").doesNotContain(".contentEquals(");
        }
        sources.forEach((file, code) -> assertThat(code).as(file).doesNotContain("Arrays.equals(").doesNotContain("Arrays.mismatch("));
    }

    @Test
    void xml_parser_factories_are_created_only_by_the_hardened_helper() {
        var factories = List.of("SAXParserFactory", "DocumentBuilderFactory", "XMLInputFactory", "TransformerFactory", "SchemaFactory",
                "XPathFactory", "XMLReaderFactory", "SAXTransformerFactory");
        sources.forEach((file, code) -> {
            if (file.equals("HardenedXml.java")) return;
            for (String factory : factories) assertThat(code).as(file + " uses " + factory).doesNotContain(factory);
        });
        assertThat(sources.get("HardenedXml.java")).contains("disallow-doctype-decl").contains("FEATURE_SECURE_PROCESSING")
                .contains("ACCESS_EXTERNAL_DTD");
    }
}
