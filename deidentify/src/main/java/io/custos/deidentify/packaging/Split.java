package io.custos.deidentify.packaging;

/** The machine-learning partitions of an export. */
public enum Split {
    TRAIN, VALIDATION, TEST
}
