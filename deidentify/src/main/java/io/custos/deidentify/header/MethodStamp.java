package io.custos.deidentify.header;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.MethodCode;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.report.DeidentificationReport;
import io.custos.deidentify.report.Outcome;

/**
 * Records in the output how it was de-identified (PS3.15 E.1.1 step 6): Patient Identity Removed (0012,0062)
 * YES, De-identification Method (0012,0063), the CID 7050 codes of the profile and each option in
 * De-identification Method Code Sequence (0012,0064), and Longitudinal Temporal Information Modified
 * (0028,0303; PS3.3 C.7.6.1) UNMODIFIED, MODIFIED or REMOVED.
 */
final class MethodStamp {

    /** LO, at most 64 characters. */
    static final String METHOD = "Custos header de-identification 1 (DICOM PS3.15 Annex E)";

    private MethodStamp() {
    }

    static void apply(AttributeList out, DeidentificationProfile profile, DeidentificationReport.Builder report) {
        try {
            put(out, new CodeStringAttribute(TagFromName.PatientIdentityRemoved), "YES", report);
            put(out, new LongStringAttribute(TagFromName.DeidentificationMethod), METHOD, report);
            SequenceAttribute codes = new SequenceAttribute(TagFromName.DeidentificationMethodCodeSequence);
            for (MethodCode code : profile.methodCodes()) {
                AttributeList item = new AttributeList();
                add(item, new ShortStringAttribute(TagFromName.CodeValue), code.value());
                add(item, new ShortStringAttribute(TagFromName.CodingSchemeDesignator), code.schemeDesignator());
                add(item, new LongStringAttribute(TagFromName.CodeMeaning), code.meaning());
                codes.addItem(item);
            }
            out.put(codes);
            report.record(Outcome.ADDED, "DeidentificationMethodCodeSequence");
            put(out, new CodeStringAttribute(TagFromName.LongitudinalTemporalInformationModified),
                    temporal(profile), report);
        } catch (DicomException e) {
            throw new DeidentificationException("cannot record the de-identification method", e);
        }
    }

    private static String temporal(DeidentificationProfile profile) {
        if (profile.has(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES)) {
            return "UNMODIFIED";
        }
        return profile.has(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED";
    }

    private static void put(AttributeList out, Attribute attribute, String value, DeidentificationReport.Builder report)
            throws DicomException {
        add(out, attribute, value);
        AttributeTag tag = attribute.getTag();
        report.record(Outcome.ADDED, com.pixelmed.dicom.DicomDictionary.StandardDictionary.getNameFromTag(tag));
    }

    private static void add(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }
}
