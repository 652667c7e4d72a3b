package io.custos.deidentify.pixel;

import com.pixelmed.dicom.AttributeList;
import io.custos.deidentify.header.DeidentifiedInstance;
import io.custos.deidentify.pixel.PixelCorpus.Kind;
import io.custos.deidentify.release.PixelResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark harness (not a test): pixel-path throughput with real OCR on 512x512 16-bit CT-like images (window
 * 40/400, rescale -1024) with and without burned-in text, on 1 and 2 threads sharing one scrubber. One warm-up
 * round, then the median of 5. Run by bench/deid-pixel-throughput.sh. Prints counts and timings only.
 */
public final class PixelThroughput {

    private PixelThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rounds = 5;
        BurnedInTextScrubber scrubber = new BurnedInTextScrubber(Ocr.ENGINE, LocationRules.builtIn());
        System.out.printf("| 512x512 16-bit | threads | images/round | median | min – max | images/s | outcome |%n");
        System.out.printf("|---|---:|---:|---:|---:|---:|---|%n");
        for (boolean text : new boolean[] {false, true}) {
            List<AttributeList> sources = new ArrayList<>();
            List<DeidentifiedInstance> deidentified = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                PixelCorpus.Drawn drawn = PixelCorpus.draw(512, 512, text ? PixelCorpus.banner(512) : List.of());
                AttributeList source = PixelCorpus.instance(Kind.MONO16_WINDOWED, 512, drawn);
                sources.add(source);
                deidentified.add(Ocr.deidentified(source));
            }
            for (int threads : new int[] {1, 2}) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    Map<String, Integer> outcomes = new TreeMap<>();
                    round(pool, scrubber, sources, deidentified, outcomes); // warm-up (and a Tesseract per thread)
                    outcomes.clear();
                    long[] nanos = new long[rounds];
                    for (int r = 0; r < rounds; r++) {
                        nanos[r] = round(pool, scrubber, sources, deidentified, outcomes);
                    }
                    long[] sorted = nanos.clone();
                    Arrays.sort(sorted);
                    double median = sorted[rounds / 2] / 1e6;
                    System.out.printf("| %s | %d | %d | %,.0f ms | %,.0f – %,.0f ms | %.2f | %s |%n",
                            text ? "with text" : "no text", threads, images, median, sorted[0] / 1e6,
                            sorted[rounds - 1] / 1e6, images / (median / 1000), outcomes);
                } finally {
                    pool.shutdown();
                }
            }
        }
        Ocr.ENGINE.close();
    }

    private static long round(ExecutorService pool, BurnedInTextScrubber scrubber, List<AttributeList> sources,
                              List<DeidentifiedInstance> deidentified, Map<String, Integer> outcomes) throws Exception {
        long start = System.nanoTime();
        List<Future<PixelResult>> futures = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            int index = i;
            futures.add(pool.submit(() -> scrubber.check(sources.get(index), deidentified.get(index))));
        }
        for (Future<PixelResult> future : futures) {
            PixelResult result = future.get();
            String outcome = result instanceof PixelResult.Refused refused ? refused.reason().name()
                    : result.report().treatment().name();
            outcomes.merge(outcome, 1, Integer::sum);
        }
        return System.nanoTime() - start;
    }
}
