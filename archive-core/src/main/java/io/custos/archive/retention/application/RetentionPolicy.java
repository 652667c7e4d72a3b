package io.custos.archive.retention.application;

import java.time.LocalDate;
import java.time.Period;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A tenant's minimum retention: a default period and longer or shorter periods for given modalities (e.g.
 * mammography kept longer), counted from the study date. A study with several modalities is kept for the
 * longest of their periods. Retention only ever forbids deletion; nothing here deletes on its own.
 */
public record RetentionPolicy(Period defaultMinimum, Map<String, Period> byModality) {

    public RetentionPolicy {
        Objects.requireNonNull(defaultMinimum, "defaultMinimum");
        if (defaultMinimum.isNegative()) {
            throw new IllegalArgumentException("a retention period cannot be negative");
        }
        Map<String, Period> normalised = new TreeMap<>();
        Objects.requireNonNull(byModality, "byModality").forEach((modality, period) -> {
            if (period.isNegative()) {
                throw new IllegalArgumentException("a retention period cannot be negative");
            }
            normalised.put(modality.strip().toUpperCase(Locale.ROOT), period);
        });
        byModality = Map.copyOf(normalised);
    }

    /** The first day on which a study of these modalities, dated {@code basis}, may be deleted. */
    public LocalDate retainUntil(LocalDate basis, Collection<String> modalities) {
        LocalDate until = basis.plus(defaultMinimum);
        for (String modality : modalities) {
            Period period = byModality.get(modality.strip().toUpperCase(Locale.ROOT));
            if (period != null && basis.plus(period).isAfter(until)) {
                until = basis.plus(period);
            }
        }
        return until;
    }
}
