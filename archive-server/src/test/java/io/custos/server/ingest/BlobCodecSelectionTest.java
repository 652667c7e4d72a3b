package io.custos.server.ingest;

import io.custos.archive.storage.BenchmarkPlaintextBlobCodec;
import io.custos.archive.storage.SealedBlobCodec;
import io.custos.keys.BlobCipher;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlobCodecSelectionTest {

    private final BlobCipher cipher = new BlobCipher();

    @Test
    void encryptsByDefaultEvenWhenTheBenchmarkVariableIsSet() {
        assertThat(BlobCodecSelection.choose(false, Map.of(), cipher)).isInstanceOf(SealedBlobCodec.class);
        assertThat(BlobCodecSelection.choose(false, Map.of("CUSTOS_BENCHMARK_ONLY", "1"), cipher))
                .isInstanceOf(SealedBlobCodec.class);
    }

    @Test
    void refusesPlaintextWithoutTheBenchmarkVariable() {
        for (Map<String, String> env : new Map[] {Map.of(), Map.of("CUSTOS_BENCHMARK_ONLY", "true"),
                Map.of("CUSTOS_BENCHMARK_ONLY", "0"), Map.of("CUSTOS_BENCHMARK_ONLY", "")}) {
            assertThatThrownBy(() -> BlobCodecSelection.choose(true, env, cipher))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("custos.benchmark.plaintext-blobs=true is refused")
                    .hasMessageContaining("CUSTOS_BENCHMARK_ONLY=1");
        }
    }

    @Test
    void storesPlaintextOnlyWithBothSwitches() {
        assertThat(BlobCodecSelection.choose(true, Map.of("CUSTOS_BENCHMARK_ONLY", "1"), cipher))
                .isInstanceOf(BenchmarkPlaintextBlobCodec.class);
    }
}
