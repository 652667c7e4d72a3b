package io.custos.deidentify.nifti;

import java.util.Objects;

/**
 * A 3-D scalar volume ready for NIfTI-1: voxels with the column index fastest, then the row, then the slice;
 * the stored values (before rescale) and the rescale that turns them into real values; and the voxel-to-world
 * affine in NIfTI's RAS+ millimetre space.
 *
 * @param columns     voxels along i (DICOM columns)
 * @param rows        voxels along j (DICOM rows)
 * @param slices      voxels along k (slices sorted along the slice normal)
 * @param spacing     voxel size in mm along i, j, k
 * @param affine      4x4 voxel (i, j, k, 1) to RAS+ world, row-major
 * @param signed      whether the stored values are signed (Pixel Representation 1)
 * @param voxels      stored values, {@code columns * rows * slices}
 * @param slope       Rescale Slope (1 when absent)
 * @param intercept   Rescale Intercept (0 when absent)
 */
public record Volume(int columns, int rows, int slices, double[] spacing, double[][] affine, boolean signed,
                     short[] voxels, double slope, double intercept) {

    public Volume {
        Objects.requireNonNull(voxels, "voxels");
        if ((long) columns * rows * slices != voxels.length) {
            throw new IllegalArgumentException("voxel count does not match the dimensions");
        }
        spacing = spacing.clone();
        double[][] copy = new double[4][];
        for (int r = 0; r < 4; r++) {
            copy[r] = affine[r].clone();
        }
        affine = copy;
    }

    /** The world (RAS+, mm) position of voxel (i, j, k). */
    public double[] world(double i, double j, double k) {
        double[] p = new double[3];
        for (int r = 0; r < 3; r++) {
            p[r] = affine[r][0] * i + affine[r][1] * j + affine[r][2] * k + affine[r][3];
        }
        return p;
    }
}
