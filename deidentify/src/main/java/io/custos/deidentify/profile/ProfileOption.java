package io.custos.deidentify.profile;

/**
 * The options of the Basic Application Level Confidentiality Profile (PS3.15 E.3) that a research protocol may
 * choose, each with its column in Table E.1-1 and its CID 7050 code. Clean Pixel Data (113101) and Clean
 * Recognizable Visual Features (113102) are not header options and are not offered here.
 */
public enum ProfileOption {
    /** PS3.15 E.3.10. */
    RETAIN_SAFE_PRIVATE("retain_safe_private", MethodCode.dcm("113111", "Retain Safe Private Option")),
    /** PS3.15 E.3.9. */
    RETAIN_UIDS("retain_uids", MethodCode.dcm("113110", "Retain UIDs Option")),
    /** PS3.15 E.3.8. */
    RETAIN_DEVICE_IDENTITY("retain_device_identity", MethodCode.dcm("113109", "Retain Device Identity Option")),
    /** PS3.15 E.3.11. */
    RETAIN_INSTITUTION_IDENTITY("retain_institution_identity",
            MethodCode.dcm("113112", "Retain Institution Identity Option")),
    /** PS3.15 E.3.7. */
    RETAIN_PATIENT_CHARACTERISTICS("retain_patient_characteristics",
            MethodCode.dcm("113108", "Retain Patient Characteristics Option")),
    /** PS3.15 E.3.6: dates and times kept as they are. */
    RETAIN_LONGITUDINAL_FULL_DATES("retain_full_dates",
            MethodCode.dcm("113106", "Retain Longitudinal Temporal Information Full Dates Option")),
    /** PS3.15 E.3.6: dates moved by a per-patient shift, so intervals survive and calendar dates do not. */
    RETAIN_LONGITUDINAL_MODIFIED_DATES("retain_modified_dates",
            MethodCode.dcm("113107", "Retain Longitudinal Temporal Information Modified Dates Option")),
    /** PS3.15 E.3.5. */
    CLEAN_DESCRIPTORS("clean_descriptors", MethodCode.dcm("113105", "Clean Descriptors Option")),
    /** PS3.15 E.3.4. */
    CLEAN_STRUCTURED_CONTENT("clean_structured_content", MethodCode.dcm("113104", "Clean Structured Content Option")),
    /** PS3.15 E.3.3. */
    CLEAN_GRAPHICS("clean_graphics", MethodCode.dcm("113103", "Clean Graphics Option"));

    private final String column;
    private final MethodCode code;

    ProfileOption(String column, MethodCode code) {
        this.column = column;
        this.code = code;
    }

    /** The header of this option's column in the table resource. */
    String column() {
        return column;
    }

    /** Its CID 7050 code. */
    public MethodCode code() {
        return code;
    }
}
