package io.custos.deidentify.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.custos.deidentify.packaging.ExportManifest.FileEntry;
import io.custos.deidentify.packaging.ExportManifest.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SplitAndManifestTest {

    @Test
    void aPatientAlwaysLandsInOneSplitAndTheSharesFollowTheRatios() {
        SplitAssignment split = SplitAssignment.standard();
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (int i = 0; i < 20_000; i++) {
            String patient = "PSN-" + Integer.toHexString(i * 7919);
            Split s = split.of(patient);
            assertThat(split.of(patient)).isEqualTo(s);
            counts.merge(s, 1, Integer::sum);
        }
        assertThat(counts.get(Split.TRAIN) / 20_000.0).isCloseTo(0.70, within(0.015));
        assertThat(counts.get(Split.VALIDATION) / 20_000.0).isCloseTo(0.15, within(0.015));
        assertThat(counts.get(Split.TEST) / 20_000.0).isCloseTo(0.15, within(0.015));
    }

    @Test
    void extremeRatiosPutEveryoneInOneSplitAndBadRatiosAreRefused() {
        assertThat(new SplitAssignment(1, 0).of("x")).isEqualTo(Split.TRAIN);
        assertThat(new SplitAssignment(0, 0).of("x")).isEqualTo(Split.TEST);
        assertThatThrownBy(() -> new SplitAssignment(0.8, 0.3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theManifestListsEveryFileInPathOrderAndIsByteStable() throws Exception {
        Map<String, Split> splits = new HashMap<>();
        splits.put("PSN-B", Split.TEST);
        splits.put("PSN-A", Split.TRAIN);
        ExportManifest manifest = new ExportManifest("acme/0b6f9c1e-3f4a-4d7e-9a51-2f1c3b5d7e90", "lung-ai",
                "IRB-2026-17", Set.of("RETAIN_UIDS", "CLEAN_DESCRIPTORS"), Instant.parse("2026-11-24T00:00:00Z"),
                List.of(new FileEntry("PSN-B/2.25.9/2.25.8/2.25.7.dcm", Kind.DICOM, 10, "aa".repeat(32), "PSN-B",
                                Split.TEST),
                        new FileEntry("PSN-A/2.25.1/2.25.2/2.25.3.dcm", Kind.DICOM, 12, "bb".repeat(32), "PSN-A",
                                Split.TRAIN),
                        new FileEntry("deid-report.json", Kind.DEID_REPORT, 99, "cc".repeat(32), null, null)),
                splits, Map.of("instances", 2, "studies", 2));

        byte[] bytes = new ManifestWriter().write(manifest);
        assertThat(new ManifestWriter().write(manifest)).isEqualTo(bytes);
        JsonNode json = JsonMapper.builder().build().readTree(new String(bytes, StandardCharsets.UTF_8));
        assertThat(json.path("format").asString()).isEqualTo("custos-export-manifest-v1");
        assertThat(json.path("files").valueStream().map(f -> f.path("path").asString()).toList())
                .containsExactly("PSN-A/2.25.1/2.25.2/2.25.3.dcm", "PSN-B/2.25.9/2.25.8/2.25.7.dcm",
                        "deid-report.json");
        assertThat(json.path("files").get(0).path("sha256").asString()).isEqualTo("bb".repeat(32));
        assertThat(json.path("splits").path("PSN-A").asString()).isEqualTo("TRAIN");
        assertThat(json.path("profileOptions").valueStream().map(JsonNode::asString).toList())
                .containsExactly("CLEAN_DESCRIPTORS", "RETAIN_UIDS");
    }

    @Test
    void aManifestPathCannotLeaveTheExport() {
        assertThatThrownBy(() -> new FileEntry("../etc/passwd", Kind.DICOM, 1, "aa", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileEntry("/abs.dcm", Kind.DICOM, 1, "aa", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
