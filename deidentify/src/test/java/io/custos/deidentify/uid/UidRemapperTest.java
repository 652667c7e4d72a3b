package io.custos.deidentify.uid;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.deidentify.secret.ProjectId;
import io.custos.deidentify.secret.ProjectSecret;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UidRemapperTest {

    static ProjectSecret secret(String project) {
        return ProjectSecret.of(new ProjectId(project),
                ("secret material for " + project + " padded to thirty-two bytes").getBytes(StandardCharsets.UTF_8));
    }

    private final UidRemapper remapper = new UidRemapper(secret("alpha"));

    @Test
    void sameUidSameProjectGivesTheSameNewUid() {
        String uid = "1.2.826.0.1.3680043.10.1137.1";
        assertThat(remapper.remap(uid)).isEqualTo(new UidRemapper(secret("alpha")).remap(uid));
        assertThat(remapper.remap(uid)).isNotEqualTo(remapper.remap(uid + ".1"));
    }

    @Test
    void anotherProjectGivesAnotherUid() {
        String uid = "1.2.826.0.1.3680043.10.1137.1";
        assertThat(remapper.remap(uid)).isNotEqualTo(new UidRemapper(secret("beta")).remap(uid));
    }

    @Test
    void newUidsAreUuidDerivedUnderRoot225() {
        for (int i = 0; i < 1000; i++) {
            String uid = remapper.remap("1.2.3." + i);
            // PS3.5 9.1: digits and dots, no leading zero in a component, at most 64 characters; B.2: 2.25.<UUID>.
            assertThat(uid).matches("2\\.25\\.(0|[1-9][0-9]*)").hasSizeLessThanOrEqualTo(64);
            BigInteger uuid = new BigInteger(uid.substring(5));
            assertThat(uuid.bitLength()).isLessThanOrEqualTo(128);
            assertThat(uuid.shiftRight(76).and(BigInteger.valueOf(0xF)).intValue()).as("version").isEqualTo(8);
            assertThat(uuid.shiftRight(62).and(BigInteger.valueOf(0x3)).intValue()).as("variant").isEqualTo(2);
        }
    }

    @Test
    void standardUidsAreRecognised() {
        assertThat(UidRemapper.isDefinedByStandard("1.2.840.10008.5.1.4.1.1.2")).isTrue();
        assertThat(UidRemapper.isDefinedByStandard("1.2.840.113619.2.55")).isFalse();
    }

    @Test
    void parallelRemappingGivesTheSameResultsAsSerial() throws Exception {
        List<String> sources = IntStream.range(0, 20_000).mapToObj(i -> "1.2.826.0.1." + i).toList();
        List<String> serial = sources.stream().map(remapper::remap).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> runs = IntStream.range(0, 8)
                    .mapToObj(t -> pool.submit(() -> sources.stream().map(remapper::remap).toList())).toList();
            for (Future<List<String>> run : runs) {
                assertThat(run.get()).isEqualTo(serial);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(serial).doesNotHaveDuplicates();
    }
}
