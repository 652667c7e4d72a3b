package io.custos.archive.access.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why data is accessed, as codes of the HL7 v3 PurposeOfUse value set (the codes DICOM audit messages
 * use for PurposeOfUse, PS3.15 A.5.3). Only the codes this archive has a use for are accepted; a request
 * naming any other is refused rather than recorded under a code nobody defined.
 */
public enum PurposeOfUse {
    /** Treatment. */
    TREAT,
    /** Emergency treatment ("break the glass"). */
    ETREAT,
    /** Care management. */
    CAREMGT,
    /** Payment. */
    HPAYMT,
    /** Healthcare operations. */
    HOPERAT,
    /** Quality improvement. */
    HQUALIMP,
    /** Compliance (auditing, accounting of disclosures). */
    HCOMPL,
    /** Legal. */
    HLEGAL,
    /** System administration. */
    HSYSADMIN,
    /** Research. */
    HRESCH,
    /** Clinical trial. */
    CLINTRL,
    /** Public health. */
    PUBHLTH,
    /** Request of the patient. */
    PATRQT;

    /** The code exactly as HL7 spells it (upper case); anything else is unknown. */
    public static Optional<PurposeOfUse> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.name().equals(code)).findFirst();
    }
}
