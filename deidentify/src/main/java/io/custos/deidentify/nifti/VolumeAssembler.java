package io.custos.deidentify.nifti;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Stacks the single-frame images of one series into a {@link Volume}. The geometry comes from the Image Plane
 * Module (PS3.3 C.7.6.2): Image Position (Patient), Image Orientation (Patient) and Pixel Spacing. Slices are
 * ordered along the normal of the image plane (row direction x column direction), not by Instance Number, and
 * must be evenly spaced and stacked along that normal. Anything else is refused rather than guessed; the DICOM
 * files still go out.
 */
public final class VolumeAssembler {

    /** Direction cosines and spacings agree within this (unitless / mm). */
    private static final double TOLERANCE = 1e-4;
    /** Slice gaps may differ by this fraction of their mean (scanner rounding of positions). */
    private static final double SPACING_TOLERANCE = 0.01;

    public Volume assemble(List<AttributeList> instances) throws VolumeRefusedException {
        if (instances.size() < 2) {
            throw new VolumeRefusedException("a volume needs at least two slices");
        }
        List<Slice> slices = new ArrayList<>();
        for (AttributeList list : instances) {
            slices.add(slice(list));
        }
        Slice first = slices.get(0);
        for (Slice s : slices) {
            if (s.rows != first.rows || s.columns != first.columns) {
                throw new VolumeRefusedException("slices of different sizes");
            }
            if (!close(s.orientation, first.orientation, TOLERANCE)) {
                throw new VolumeRefusedException("slices of different orientations");
            }
            if (!close(s.pixelSpacing, first.pixelSpacing, TOLERANCE)) {
                throw new VolumeRefusedException("slices of different pixel spacing");
            }
            if (s.signed != first.signed || s.slope != first.slope || s.intercept != first.intercept) {
                throw new VolumeRefusedException("slices with different pixel representation or rescale");
            }
        }
        double[] rowDir = {first.orientation[0], first.orientation[1], first.orientation[2]};
        double[] colDir = {first.orientation[3], first.orientation[4], first.orientation[5]};
        double[] normal = cross(rowDir, colDir);
        slices.sort(Comparator.comparingDouble(s -> dot(s.position, normal)));
        double spacing = sliceSpacing(slices, normal);

        Slice origin = slices.get(0);
        int perSlice = first.rows * first.columns;
        short[] voxels = new short[perSlice * slices.size()];
        for (int k = 0; k < slices.size(); k++) {
            System.arraycopy(slices.get(k).pixels, 0, voxels, k * perSlice, perSlice);
        }
        // PS3.3 C.7.6.2.1.1: P = S + c * dc * X + r * dr * Y, with X the row direction (along a row, i.e. the
        // column index), dc = Pixel Spacing[1], Y the column direction, dr = Pixel Spacing[0]. DICOM's patient
        // space is LPS+, NIfTI's RAS+: the first two world axes change sign.
        double dc = first.pixelSpacing[1];
        double dr = first.pixelSpacing[0];
        double[][] affine = new double[4][4];
        for (int a = 0; a < 3; a++) {
            double sign = a < 2 ? -1 : 1;
            affine[a][0] = sign * rowDir[a] * dc;
            affine[a][1] = sign * colDir[a] * dr;
            affine[a][2] = sign * normal[a] * spacing;
            affine[a][3] = sign * origin.position[a];
        }
        affine[3][3] = 1;
        return new Volume(first.columns, first.rows, slices.size(), new double[] {dc, dr, spacing}, affine,
                first.signed, voxels, first.slope, first.intercept);
    }

    private static double sliceSpacing(List<Slice> sorted, double[] normal) throws VolumeRefusedException {
        double total = dot(sorted.get(sorted.size() - 1).position, normal) - dot(sorted.get(0).position, normal);
        double mean = total / (sorted.size() - 1);
        if (mean <= TOLERANCE) {
            throw new VolumeRefusedException("slices at the same position");
        }
        for (int k = 1; k < sorted.size(); k++) {
            double[] step = minus(sorted.get(k).position, sorted.get(k - 1).position);
            double along = dot(step, normal);
            if (Math.abs(along - mean) > SPACING_TOLERANCE * mean) {
                throw new VolumeRefusedException("irregular slice spacing");
            }
            // The step must run along the normal: a sideways shift (gantry tilt, sheared stack) has no
            // place in a NIfTI affine.
            double[] sideways = minus(step, scale(normal, along));
            if (Math.sqrt(dot(sideways, sideways)) > SPACING_TOLERANCE * mean) {
                throw new VolumeRefusedException("slices not stacked along their normal (gantry tilt)");
            }
        }
        return mean;
    }

    private record Slice(int rows, int columns, double[] position, double[] orientation, double[] pixelSpacing,
                         boolean signed, double slope, double intercept, short[] pixels) {
    }

    private static Slice slice(AttributeList list) throws VolumeRefusedException {
        int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
        if (frames != 1) {
            throw new VolumeRefusedException("multi-frame images are not stacked");
        }
        if (Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1) != 1) {
            throw new VolumeRefusedException("only single-sample (grayscale) images form a volume");
        }
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        double[] position = Attribute.getDoubleValues(list, TagFromName.ImagePositionPatient);
        double[] orientation = Attribute.getDoubleValues(list, TagFromName.ImageOrientationPatient);
        double[] pixelSpacing = Attribute.getDoubleValues(list, TagFromName.PixelSpacing);
        if (rows <= 0 || columns <= 0 || position == null || position.length != 3 || orientation == null
                || orientation.length != 6 || pixelSpacing == null || pixelSpacing.length != 2) {
            throw new VolumeRefusedException("an image without a complete Image Plane Module");
        }
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1.0);
        double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0.0);
        return new Slice(rows, columns, position, orientation, pixelSpacing, signed, slope, intercept,
                pixels(list, rows * columns));
    }

    private static short[] pixels(AttributeList list, int count) throws VolumeRefusedException {
        Attribute pixelData = list.getPixelData();
        int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0);
        try {
            if (bitsAllocated == 16 && pixelData instanceof OtherWordAttribute words) {
                short[] values = words.getShortValues();
                if (values.length >= count) {
                    return values.length == count ? values : Arrays.copyOf(values, count);
                }
            } else if (bitsAllocated == 8 && pixelData != null && pixelData.getClass() == OtherByteAttribute.class) {
                // exactly OB: encapsulated (compressed) pixel data comes as another attribute class
                OtherByteAttribute bytes = (OtherByteAttribute) pixelData;
                byte[] values = bytes.getByteValues();
                if (values.length >= count) {
                    short[] widened = new short[count];
                    for (int i = 0; i < count; i++) {
                        widened[i] = (short) (values[i] & 0xFF);
                    }
                    return widened;
                }
            }
        } catch (DicomException e) {
            throw new VolumeRefusedException("pixel data that cannot be read");
        }
        throw new VolumeRefusedException("pixel data neither 8 nor 16 bits uncompressed, or shorter than the image");
    }

    private static boolean close(double[] a, double[] b, double tolerance) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] minus(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] scale(double[] a, double f) {
        return new double[] {a[0] * f, a[1] * f, a[2] * f};
    }
}
