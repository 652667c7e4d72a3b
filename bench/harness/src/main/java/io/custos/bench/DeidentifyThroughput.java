package io.custos.bench;

import com.pixelmed.dicom.AttributeList;
import io.custos.deidentify.header.Deidentifier;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.secret.ProjectId;
import io.custos.deidentify.secret.ProjectSecret;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Header-only de-identification throughput (issue 6): instances of the pydicom corpus, parsed once into memory
 * (pixel data left compressed), de-identified again and again by one shared Deidentifier, with and without
 * writing the Part 10 result to memory, on 1 and on 2 threads. One warm-up round, then medians. Prints only
 * counts and timings, never a value of the instances.
 */
public final class DeidentifyThroughput {

    private static final int INSTANCES = Integer.getInteger("instances", 20_000);
    private static final int ROUNDS = Integer.getInteger("rounds", 5);

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "/usr/lib/python3/dist-packages/pydicom/data/test_files");
        List<AttributeList> sources = load(corpus);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ProjectSecret secret = ProjectSecret.of(new ProjectId("bench"), key);
        System.out.printf("sources=%d instances/round=%d rounds=%d (+1 warm-up) load before: %s%n",
                sources.size(), INSTANCES, ROUNDS, Samples.loadAverage());
        System.out.printf("%n| profile | threads | write Part 10 | median | min – max | instances/s (median) |%n"
                + "|---|---:|---|---:|---:|---:|%n");
        for (var profile : List.of(
                new Named("basic", DeidentificationProfile.of()),
                new Named("research (modified dates, clean descriptors/SR/graphics, safe private)",
                        DeidentificationProfile.of(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES,
                                ProfileOption.CLEAN_DESCRIPTORS, ProfileOption.CLEAN_STRUCTURED_CONTENT,
                                ProfileOption.CLEAN_GRAPHICS, ProfileOption.RETAIN_SAFE_PRIVATE)))) {
            Deidentifier deidentifier = new Deidentifier(profile.profile(), secret);
            for (int threads : new int[] {1, 2}) {
                for (boolean write : new boolean[] {false, true}) {
                    Samples samples = run(deidentifier, sources, threads, write);
                    System.out.printf("| %s | %d | %s | %.0f ms | %.0f – %.0f ms | %.0f |%n", profile.name(), threads,
                            write ? "yes" : "no", samples.medianMillis(), samples.minMillis(), samples.maxMillis(),
                            INSTANCES / (samples.medianMillis() / 1000));
                }
            }
        }
        System.out.printf("%nload after: %s%n", Samples.loadAverage());
    }

    private record Named(String name, DeidentificationProfile profile) {
    }

    private static Samples run(Deidentifier deidentifier, List<AttributeList> sources, int threads, boolean write)
            throws Exception {
        Samples samples = new Samples(ROUNDS);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round <= ROUNDS; round++) {
                long t0 = System.nanoTime();
                List<Future<Long>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    parts.add(pool.submit(() -> {
                        long bytes = 0;
                        for (int i = first; i < INSTANCES; i += threads) {
                            var out = deidentifier.deidentify(sources.get(i % sources.size()));
                            if (write) {
                                ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
                                out.writePart10(buffer);
                                bytes += buffer.size();
                            } else {
                                bytes += out.dataset().size();
                            }
                        }
                        return bytes;
                    }));
                }
                for (Future<Long> part : parts) {
                    part.get();
                }
                if (round > 0) {
                    samples.add(System.nanoTime() - t0);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return samples;
    }

    /** Corpus files PixelMed reads whole and that have what Part 10 output needs (SOP Class and Instance UID). */
    private static List<AttributeList> load(Path corpus) throws Exception {
        List<AttributeList> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                AttributeList list = new AttributeList();
                list.setDecompressPixelData(false);
                try {
                    list.read(file.toFile());
                } catch (Exception e) {
                    continue;
                }
                if (list.get(com.pixelmed.dicom.TagFromName.SOPClassUID) != null
                        && list.get(com.pixelmed.dicom.TagFromName.SOPInstanceUID) != null) {
                    sources.add(list);
                }
            }
        }
        return sources;
    }
}
