package io.custos.deidentify.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NIfTI geometry against the reference converter: an oblique series written by us and by dcm2niix (Debian)
 * from the same DICOM files must put every voxel at the same place in the world with the same value, whatever
 * the two choose for axis order and flips. The series is built here: oblique orientation, anisotropic pixels,
 * slices shuffled on disk.
 */
class NiftiGeometryTest {

    private static final int ROWS = 6;
    private static final int COLUMNS = 5;
    private static final int SLICES = 4;
    private static final double ROW_SPACING = 0.8;
    private static final double COLUMN_SPACING = 0.6;
    private static final double GAP = 2.0;
    /** Rotated 30 degrees about the patient's z axis, then tilted 20 degrees about x: a truly oblique plane. */
    private static final double[] ROW_DIR = normalize(rotateX(new double[] {Math.cos(Math.toRadians(30)),
            Math.sin(Math.toRadians(30)), 0}, 20));
    private static final double[] COL_DIR = normalize(rotateX(new double[] {-Math.sin(Math.toRadians(30)),
            Math.cos(Math.toRadians(30)), 0}, 20));
    private static final double[] ORIGIN = {-40.5, 12.25, 88.0};

    @TempDir
    Path tmp;

    @Test
    void everyVoxelLiesWhereDcm2niixPutsItWithTheSameValue() throws Exception {
        List<AttributeList> series = series(SLICES, 0);
        Path dicom = Files.createDirectories(tmp.resolve("dicom"));
        List<AttributeList> shuffled = new ArrayList<>(series);
        Collections.shuffle(shuffled, new Random(7));
        for (int i = 0; i < shuffled.size(); i++) {
            shuffled.get(i).write(dicom.resolve("im" + i + ".dcm").toFile(), TransferSyntax.ExplicitVRLittleEndian,
                    true, true);
        }
        Volume volume = new VolumeAssembler().assemble(shuffled);
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        new NiftiWriter().write(volume, ours);

        NiftiFile mine = NiftiFile.read(gunzip(ours.toByteArray()));
        NiftiFile reference = NiftiFile.read(Files.readAllBytes(dcm2niix(dicom)));

        assertThat(mine.voxels()).isEqualTo(reference.voxels()).isEqualTo(ROWS * COLUMNS * SLICES);
        double[][] inverse = NiftiFile.invert(reference.sform);
        for (int k = 0; k < mine.dim[2]; k++) {
            for (int j = 0; j < mine.dim[1]; j++) {
                for (int i = 0; i < mine.dim[0]; i++) {
                    double[] world = NiftiFile.apply(mine.sform, i, j, k);
                    double[] at = NiftiFile.apply(inverse, world[0], world[1], world[2]);
                    int[] index = new int[3];
                    for (int a = 0; a < 3; a++) {
                        index[a] = (int) Math.round(at[a]);
                        assertThat(at[a]).as("voxel (%d,%d,%d) axis %d", i, j, k, a).isCloseTo(index[a], within(1e-3));
                    }
                    assertThat(mine.real(i, j, k)).as("voxel (%d,%d,%d)", i, j, k)
                            .isCloseTo(reference.real(index[0], index[1], index[2]), within(1e-6));
                }
            }
        }
    }

    @Test
    void theFirstVoxelIsTheFirstPixelOfTheLowestSliceInRasSpace() throws Exception {
        Volume volume = new VolumeAssembler().assemble(series(SLICES, 0));
        double[] world = volume.world(0, 0, 0);
        assertThat(world[0]).isCloseTo(-ORIGIN[0], within(1e-9)); // LPS to RAS: x and y change sign
        assertThat(world[1]).isCloseTo(-ORIGIN[1], within(1e-9));
        assertThat(world[2]).isCloseTo(ORIGIN[2], within(1e-9));
        assertThat(volume.voxels()[0]).isEqualTo(value(0, 0, 0));
    }

    @Test
    void theQformEncodesTheSameRotationAsTheSform() throws Exception {
        Volume volume = new VolumeAssembler().assemble(series(SLICES, 0));
        NiftiFile nifti = NiftiFile.read(NiftiWriter.header(volume));
        double b = nifti.quatern[0];
        double c = nifti.quatern[1];
        double d = nifti.quatern[2];
        double a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
        double[][] r = {
            {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
            {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
            {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}};
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                double qfac = col == 2 ? nifti.qfac : 1;
                assertThat(r[row][col] * nifti.pixdim[col] * qfac).isCloseTo(nifti.sform[row][col], within(1e-4));
            }
        }
    }

    @Test
    void seriesThatAreNotOneRegularVolumeAreRefusedWithTheRule() throws Exception {
        List<AttributeList> gap = series(5, 0);
        gap.remove(2);
        assertThatThrownBy(() -> new VolumeAssembler().assemble(gap)).hasMessage("irregular slice spacing");

        List<AttributeList> tilted = series(SLICES, 0.7);
        assertThatThrownBy(() -> new VolumeAssembler().assemble(tilted))
                .hasMessage("slices not stacked along their normal (gantry tilt)");

        List<AttributeList> one = series(1, 0);
        assertThatThrownBy(() -> new VolumeAssembler().assemble(one)).hasMessage("a volume needs at least two slices");

        List<AttributeList> duplicate = series(SLICES, 0);
        duplicate.add(series(1, 0).get(0));
        assertThatThrownBy(() -> new VolumeAssembler().assemble(duplicate))
                .isInstanceOf(VolumeRefusedException.class);
    }

    // ---------------------------------------------------------------- the series, built here

    private static short value(int row, int column, int slice) {
        return (short) (100 * slice + 10 * row + column - 500);
    }

    /** @param shear in-plane shift per slice along the row direction (mm): gantry tilt */
    private static List<AttributeList> series(int slices, double shear) throws Exception {
        double[] normal = cross(ROW_DIR, COL_DIR);
        String study = "2.25.1001";
        String seriesUid = "2.25.1002";
        List<AttributeList> all = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            AttributeList list = new AttributeList();
            uid(list, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
            uid(list, TagFromName.SOPInstanceUID, "2.25.1003" + k);
            uid(list, TagFromName.StudyInstanceUID, study);
            uid(list, TagFromName.SeriesInstanceUID, seriesUid);
            cs(list, TagFromName.Modality, "CT");
            cs(list, TagFromName.ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
            cs(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
            IntegerStringAttribute number = new IntegerStringAttribute(TagFromName.InstanceNumber);
            number.addValue(k + 1);
            list.put(number);
            double[] position = new double[3];
            for (int a = 0; a < 3; a++) {
                position[a] = ORIGIN[a] + normal[a] * GAP * k + ROW_DIR[a] * shear * k;
            }
            ds(list, TagFromName.ImagePositionPatient, position);
            ds(list, TagFromName.ImageOrientationPatient, new double[] {ROW_DIR[0], ROW_DIR[1], ROW_DIR[2],
                    COL_DIR[0], COL_DIR[1], COL_DIR[2]});
            ds(list, TagFromName.PixelSpacing, new double[] {ROW_SPACING, COLUMN_SPACING});
            ds(list, TagFromName.SliceThickness, new double[] {GAP});
            ds(list, TagFromName.RescaleSlope, new double[] {1});
            ds(list, TagFromName.RescaleIntercept, new double[] {-1024});
            us(list, TagFromName.Rows, ROWS);
            us(list, TagFromName.Columns, COLUMNS);
            us(list, TagFromName.SamplesPerPixel, 1);
            us(list, TagFromName.BitsAllocated, 16);
            us(list, TagFromName.BitsStored, 16);
            us(list, TagFromName.HighBit, 15);
            us(list, TagFromName.PixelRepresentation, 1);
            short[] pixels = new short[ROWS * COLUMNS];
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    pixels[r * COLUMNS + c] = value(r, c, k);
                }
            }
            OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
            pixelData.setValues(pixels);
            list.put(pixelData);
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "CUSTOSTEST");
            all.add(list);
        }
        return all;
    }

    private static void uid(AttributeList list, com.pixelmed.dicom.AttributeTag tag, String value) throws Exception {
        UniqueIdentifierAttribute a = new UniqueIdentifierAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    private static void cs(AttributeList list, com.pixelmed.dicom.AttributeTag tag, String value) throws Exception {
        CodeStringAttribute a = new CodeStringAttribute(tag);
        for (String v : value.split("\\\\")) {
            a.addValue(v);
        }
        list.put(a);
    }

    private static void ds(AttributeList list, com.pixelmed.dicom.AttributeTag tag, double[] values) throws Exception {
        DecimalStringAttribute a = new DecimalStringAttribute(tag);
        for (double v : values) {
            a.addValue(String.format(java.util.Locale.ROOT, "%.10g", v).replaceAll("\\.?0+$", ""));
        }
        list.put(a);
    }

    private static void us(AttributeList list, com.pixelmed.dicom.AttributeTag tag, int value) throws Exception {
        UnsignedShortAttribute a = new UnsignedShortAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    // ---------------------------------------------------------------- dcm2niix and NIfTI reading

    private Path dcm2niix(Path dicom) throws IOException, InterruptedException {
        Path out = Files.createDirectories(tmp.resolve("dcm2niix"));
        Process p = new ProcessBuilder("dcm2niix", "-z", "n", "-b", "n", "-f", "reference", "-o", out.toString(),
                dicom.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("dcm2niix.log").toFile())
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path nii = out.resolve("reference.nii");
        assertThat(nii).as(Files.readString(tmp.resolve("dcm2niix.log"))).exists();
        return nii;
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    // ---------------------------------------------------------------- small linear algebra

    private static double[] rotateX(double[] v, double degrees) {
        double t = Math.toRadians(degrees);
        return new double[] {v[0], v[1] * Math.cos(t) - v[2] * Math.sin(t), v[1] * Math.sin(t) + v[2] * Math.cos(t)};
    }

    private static double[] normalize(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
