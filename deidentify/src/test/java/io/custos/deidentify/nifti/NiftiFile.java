package io.custos.deidentify.nifti;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;

/**
 * The parts of a NIfTI-1 file (nifti1.h field offsets) that the geometry tests compare, read independently of
 * {@link NiftiWriter} so a test never checks the writer against itself. Shared with archive-server's export tests
 * through this module's test jar.
 */
public final class NiftiFile {

    public final int[] dim = new int[3];
    public final double[] pixdim = new double[3];
    public final double[] quatern = new double[3];
    public final double[][] sform = new double[4][4];
    public double qfac;
    public short datatype;
    public double slope;
    public double intercept;
    /** The voxels; null for a header alone. */
    public ByteBuffer data;

    /** Reads a .nii, gzip-compressed or not. */
    public static NiftiFile read(byte[] bytes) {
        if (bytes.length > 2 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getInt(0)).isEqualTo(348);
        NiftiFile n = new NiftiFile();
        for (int i = 0; i < 3; i++) {
            n.dim[i] = h.getShort(42 + 2 * i);
            n.pixdim[i] = h.getFloat(80 + 4 * i);
            n.quatern[i] = h.getFloat(256 + 4 * i);
        }
        n.qfac = h.getFloat(76) < 0 ? -1 : 1;
        n.datatype = h.getShort(70);
        n.slope = h.getFloat(112) == 0 ? 1 : h.getFloat(112);
        n.intercept = h.getFloat(116);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                n.sform[r][c] = h.getFloat(280 + 16 * r + 4 * c);
            }
        }
        n.sform[3][3] = 1;
        int offset = (int) h.getFloat(108);
        if (bytes.length > offset) {
            n.data = ByteBuffer.wrap(bytes, offset, bytes.length - offset).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        return n;
    }

    public int voxels() {
        return dim[0] * dim[1] * dim[2];
    }

    /** The voxel's real value (scl_slope and scl_inter applied). */
    public double real(int i, int j, int k) {
        int index = i + dim[0] * (j + dim[1] * k);
        int raw = switch (datatype) {
            case 4 -> data.getShort(2 * index);
            case 512 -> data.getShort(2 * index) & 0xFFFF;
            default -> throw new AssertionError("datatype " + datatype);
        };
        return raw * slope + intercept;
    }

    /** {@code m} (an affine 4x4) applied to voxel (i, j, k). */
    public static double[] apply(double[][] m, double i, double j, double k) {
        double[] p = new double[3];
        for (int r = 0; r < 3; r++) {
            p[r] = m[r][0] * i + m[r][1] * j + m[r][2] * k + m[r][3];
        }
        return p;
    }

    /** Inverse of an affine 4x4 (rotation-scale block by cofactors, then the translation). */
    public static double[][] invert(double[][] m) {
        double[][] a = {{m[0][0], m[0][1], m[0][2]}, {m[1][0], m[1][1], m[1][2]}, {m[2][0], m[2][1], m[2][2]}};
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        double[][] inv = new double[4][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int r1 = (c + 1) % 3;
                int r2 = (c + 2) % 3;
                int c1 = (r + 1) % 3;
                int c2 = (r + 2) % 3;
                inv[r][c] = (a[r1][c1] * a[r2][c2] - a[r1][c2] * a[r2][c1]) / det;
            }
        }
        for (int r = 0; r < 3; r++) {
            inv[r][3] = -(inv[r][0] * m[0][3] + inv[r][1] * m[1][3] + inv[r][2] * m[2][3]);
        }
        inv[3][3] = 1;
        return inv;
    }
}
