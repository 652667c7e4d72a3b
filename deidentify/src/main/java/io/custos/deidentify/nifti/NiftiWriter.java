package io.custos.deidentify.nifti;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link Volume} as a single-file NIfTI-1 image ({@code .nii.gz}): the 348-byte header, an empty
 * extension flag, then the voxels, little-endian, gzip-compressed. Both the sform and the qform carry the
 * scanner-anatomical affine (code 1), as dcm2niix writes them. The header's description names no one: a NIfTI
 * file leaving a research export carries geometry and intensities only.
 */
public final class NiftiWriter {

    private static final int HEADER_SIZE = 348;
    private static final int VOX_OFFSET = 352;
    private static final short DT_INT16 = 4;
    private static final short DT_UINT16 = 512;
    private static final byte UNITS_MM = 2;
    private static final short SCANNER_ANAT = 1;

    public void write(Volume volume, OutputStream target) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(target, 1 << 16);
        gzip.write(header(volume));
        ByteBuffer data = ByteBuffer.allocate(volume.voxels().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.asShortBuffer().put(volume.voxels());
        gzip.write(data.array());
        gzip.finish();
    }

    static byte[] header(Volume v) {
        ByteBuffer h = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, HEADER_SIZE);
        h.put(38, (byte) 'r');
        short[] dim = {3, (short) v.columns(), (short) v.rows(), (short) v.slices(), 1, 1, 1, 1};
        for (int i = 0; i < dim.length; i++) {
            h.putShort(40 + 2 * i, dim[i]);
        }
        h.putShort(70, v.signed() ? DT_INT16 : DT_UINT16);
        h.putShort(72, (short) 16);
        Quaternion q = Quaternion.of(v.affine(), v.spacing());
        float[] pixdim = {(float) q.qfac(), (float) v.spacing()[0], (float) v.spacing()[1], (float) v.spacing()[2],
                0, 0, 0, 0};
        for (int i = 0; i < pixdim.length; i++) {
            h.putFloat(76 + 4 * i, pixdim[i]);
        }
        h.putFloat(108, VOX_OFFSET);
        h.putFloat(112, (float) v.slope());
        h.putFloat(116, (float) v.intercept());
        h.put(123, UNITS_MM);
        byte[] description = "Custos research export".getBytes(StandardCharsets.US_ASCII);
        h.put(148, description);
        h.putShort(252, SCANNER_ANAT);
        h.putShort(254, SCANNER_ANAT);
        h.putFloat(256, (float) q.b());
        h.putFloat(260, (float) q.c());
        h.putFloat(264, (float) q.d());
        double[][] a = v.affine();
        h.putFloat(268, (float) a[0][3]);
        h.putFloat(272, (float) a[1][3]);
        h.putFloat(276, (float) a[2][3]);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                h.putFloat(280 + 16 * r + 4 * c, (float) a[r][c]);
            }
        }
        h.put(344, new byte[] {'n', '+', '1', 0});
        return h.array(); // bytes 348..351: the extension flag, all zero (no extension)
    }
}
