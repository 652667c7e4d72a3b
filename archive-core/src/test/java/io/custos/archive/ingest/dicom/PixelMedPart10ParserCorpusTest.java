package io.custos.archive.ingest.dicom;

import io.custos.archive.ingest.api.InstanceRejectedException;
import io.custos.archive.ingest.api.ParsedInstance;
import io.custos.archive.ingest.api.RejectionReason;
import io.custos.archive.ingest.testing.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every file of pydicom's corpus gets either a ParsedInstance or the precise rejection written down in
 * corpus/pydicom-expectations.csv (the table other tests reuse).
 */
class PixelMedPart10ParserCorpusTest {

    private final PixelMedPart10Parser parser = new PixelMedPart10Parser(64L * 1024 * 1024);

    record Expectation(String path, String verdict, String transferSyntax) {
    }

    static Map<String, Expectation> expectations() throws IOException {
        Map<String, Expectation> out = new LinkedHashMap<>();
        try (InputStream in = PixelMedPart10ParserCorpusTest.class.getResourceAsStream("/corpus/pydicom-expectations.csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                out.put(f[0], new Expectation(f[0], f[1], f[2]));
            }
        }
        return out;
    }

    @Test
    void everyCorpusFileHasAnExpectation() throws IOException {
        List<String> onDisk;
        try (Stream<Path> files = Stream.concat(Files.walk(Corpus.file("test_files")), Files.walk(Corpus.file("charset_files")))) {
            onDisk = files.filter(Files::isRegularFile).map(p -> Corpus.ROOT.relativize(p).toString()).sorted().toList();
        }
        assertThat(onDisk).hasSizeGreaterThan(70);
        assertThat(expectations().keySet()).containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @TestFactory
    Stream<DynamicTest> eachCorpusFileIsAcceptedOrRejectedAsDocumented() throws IOException {
        return expectations().values().stream().map(e -> DynamicTest.dynamicTest(e.path(), () -> {
            byte[] bytes = Corpus.bytes(e.path());
            if (e.verdict().equals("ACCEPT")) {
                ParsedInstance parsed = parser.parse(bytes);
                assertThat(parsed.transferSyntax().value()).isEqualTo(e.transferSyntax());
                assertThat(parsed.sizeBytes()).isEqualTo(bytes.length);
                assertThat(parsed.attributes()).isNotEmpty();
            } else {
                RejectionReason expected = RejectionReason.valueOf(e.verdict());
                assertThatThrownBy(() -> parser.parse(bytes))
                        .isInstanceOfSatisfying(InstanceRejectedException.class,
                                ex -> assertThat(ex.reason()).isEqualTo(expected))
                        // No value from the object in the message: only the generic description.
                        .hasMessage(expected.description());
            }
        }));
    }
}
