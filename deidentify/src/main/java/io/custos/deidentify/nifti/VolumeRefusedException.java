package io.custos.deidentify.nifti;

/**
 * The instances of a series do not form one regular volume (mixed sizes or orientations, irregular or
 * duplicated slice positions, multi-sample or compressed pixels...): the series is exported as DICOM only,
 * and the reason goes into the de-identification report. The message names the rule, never a value.
 */
public final class VolumeRefusedException extends Exception {

    public VolumeRefusedException(String reason) {
        super(reason);
    }
}
