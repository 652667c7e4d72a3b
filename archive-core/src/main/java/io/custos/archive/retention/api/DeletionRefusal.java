package io.custos.archive.retention.api;

/** Why a deletion request was refused. */
public enum DeletionRefusal {
    /** The tenant's minimum retention period for this study has not passed. */
    RETENTION_PERIOD,
    /** A legal hold is placed on the study. */
    STUDY_LEGAL_HOLD,
    /** A legal hold is placed on the study's patient. */
    PATIENT_LEGAL_HOLD
}
