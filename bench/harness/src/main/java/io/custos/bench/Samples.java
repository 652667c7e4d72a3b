package io.custos.bench;

import java.util.Arrays;

/** Timings of repeated runs of one operation; medians, because the 2-core machine is shared. */
final class Samples {

    private final long[] nanos;
    private int count;

    Samples(int capacity) {
        this.nanos = new long[capacity];
    }

    void add(long elapsedNanos) {
        nanos[count++] = elapsedNanos;
    }

    double medianMillis() {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        double median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
        return median / 1e6;
    }

    double minMillis() {
        return Arrays.stream(nanos, 0, count).min().orElse(0) / 1e6;
    }

    double maxMillis() {
        return Arrays.stream(nanos, 0, count).max().orElse(0) / 1e6;
    }

    int count() {
        return count;
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
