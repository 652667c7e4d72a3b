package io.custos.deidentify.dates;

import java.time.LocalDate;

/**
 * A whole number of days by which one patient's dates move (PS3.15 E.3.6, Retain Longitudinal Temporal
 * Information with Modified Dates). Whole days leave every time of day, every interval between two dates of
 * the patient, and every date/time pair unchanged.
 */
public record DateShift(int days) {

    public LocalDate apply(LocalDate date) {
        return date.plusDays(days);
    }
}
