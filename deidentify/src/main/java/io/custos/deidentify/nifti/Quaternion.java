package io.custos.deidentify.nifti;

/**
 * The qform's rotation as NIfTI-1 stores it: the quaternion (b, c, d) of the rotation matrix, whose a is
 * implied non-negative, and qfac = -1 when the matrix is a reflection (third column flipped), per the NIfTI-1
 * header's "method 2" (nifti1.h).
 */
record Quaternion(double b, double c, double d, double qfac) {

    static Quaternion of(double[][] affine, double[] spacing) {
        double[][] r = new double[3][3];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                r[row][col] = affine[row][col] / spacing[col];
            }
        }
        double determinant = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        double qfac = 1;
        if (determinant < 0) {
            qfac = -1;
            for (int row = 0; row < 3; row++) {
                r[row][2] = -r[row][2];
            }
        }
        double a = r[0][0] + r[1][1] + r[2][2] + 1;
        double b;
        double c;
        double d;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            b = 0.25 * (r[2][1] - r[1][2]) / a;
            c = 0.25 * (r[0][2] - r[2][0]) / a;
            d = 0.25 * (r[1][0] - r[0][1]) / a;
        } else {
            double xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
            double yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
            double zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
            if (xd > 1) {
                b = 0.5 * Math.sqrt(xd);
                c = 0.25 * (r[0][1] + r[1][0]) / b;
                d = 0.25 * (r[0][2] + r[2][0]) / b;
                a = 0.25 * (r[2][1] - r[1][2]) / b;
            } else if (yd > 1) {
                c = 0.5 * Math.sqrt(yd);
                b = 0.25 * (r[0][1] + r[1][0]) / c;
                d = 0.25 * (r[1][2] + r[2][1]) / c;
                a = 0.25 * (r[0][2] - r[2][0]) / c;
            } else {
                d = 0.5 * Math.sqrt(zd);
                b = 0.25 * (r[0][2] + r[2][0]) / d;
                c = 0.25 * (r[1][2] + r[2][1]) / d;
                a = 0.25 * (r[1][0] - r[0][1]) / d;
            }
            if (a < 0) {
                b = -b;
                c = -c;
                d = -d;
            }
        }
        return new Quaternion(b, c, d, qfac);
    }
}
