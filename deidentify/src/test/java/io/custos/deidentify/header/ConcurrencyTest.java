package io.custos.deidentify.header;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One Deidentifier shared by many threads gives, byte for byte, what it gives on one thread. */
class ConcurrencyTest {

    @Test
    void parallelDeidentificationEqualsSerial() throws Exception {
        Deidentifier deidentifier = new Deidentifier(DeidentificationProfile.of(
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, ProfileOption.CLEAN_DESCRIPTORS,
                ProfileOption.CLEAN_STRUCTURED_CONTENT, ProfileOption.RETAIN_SAFE_PRIVATE), DeidentifierPhiTest.SECRET);
        int instances = 40;
        List<byte[]> serial = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            serial.add(Part10.written(deidentifier.deidentify(source(i))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> parallel = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < instances; i++) {
                    int n = i;
                    parallel.add(pool.submit(() -> Part10.written(deidentifier.deidentify(source(n)))));
                }
            }
            for (int k = 0; k < parallel.size(); k++) {
                assertThat(Arrays.equals(parallel.get(k).get(), serial.get(k % instances)))
                        .as("instance %d", k % instances).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static com.pixelmed.dicom.AttributeList source(int i) throws Exception {
        return PhiFixture.instance(i % 2 == 0 ? PhiFixture.SAKURAI : PhiFixture.DOE,
                i % 3 == 0 ? "ISO 2022 IR 87" : "ISO_IR 192", i + 1);
    }
}
