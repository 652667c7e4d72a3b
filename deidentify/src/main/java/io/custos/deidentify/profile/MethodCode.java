package io.custos.deidentify.profile;

import java.util.Objects;

/**
 * A coded de-identification method from PS3.16 CID 7050 "De-identification Method", written into the
 * De-identification Method Code Sequence (0012,0064) as PS3.15 E.1.1 step 6 requires.
 */
public record MethodCode(String value, String schemeDesignator, String meaning) {

    /** CID 7050 (DCM, 113100): the basic profile every Custos de-identification applies. */
    public static final MethodCode BASIC_PROFILE =
            new MethodCode("113100", "DCM", "Basic Application Confidentiality Profile");

    public MethodCode {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(schemeDesignator, "schemeDesignator");
        Objects.requireNonNull(meaning, "meaning");
    }

    static MethodCode dcm(String value, String meaning) {
        return new MethodCode(value, "DCM", meaning);
    }
}
