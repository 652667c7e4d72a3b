package io.custos.deidentify.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.PatientNamePolicy;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.report.DeidentificationReport;
import io.custos.deidentify.report.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportAndPolicyTest {

    private final Deidentifier basic = new Deidentifier(DeidentificationProfile.of(), DeidentifierPhiTest.SECRET);

    @Test
    void theReportNamesAttributesByPathAndHoldsNoValue() throws Exception {
        DeidentificationReport report = basic.deidentify(PhiFixture.instance(PhiFixture.SAKURAI, "ISO 2022 IR 87", 1))
                .report();

        byte[] text = report.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(PhiBytes.findings(text, PhiFixture.PHI)).as("identifying strings in the report").isEmpty();
        assertThat(report.pathsWith(Outcome.PSEUDONYMISED)).containsExactlyInAnyOrder("PatientID", "PatientName");
        assertThat(report.pathsWith(Outcome.REMAPPED)).contains("StudyInstanceUID", "SOPInstanceUID",
                "ReferencedSeriesSequence>ReferencedInstanceSequence>ReferencedSOPInstanceUID");
        assertThat(report.pathsWith(Outcome.EMPTIED)).contains("PatientBirthDate", "AccessionNumber",
                "ReferringPhysicianName");
        assertThat(report.pathsWith(Outcome.DUMMIED)).contains("InstitutionName", "StationName",
                "ContentSequence>TextValue", "ContentSequence>PersonName",
                "GraphicAnnotationSequence>TextObjectSequence>UnformattedTextValue");
        assertThat(report.pathsWith(Outcome.REMOVED)).contains("StudyDescription", "OtherPatientIDsSequence",
                "OverlayData", "OverlayDescription", "OverlayComments", "(0019,1050)", "(0019,0010)");
        assertThat(report.pathsWith(Outcome.KEPT)).contains("Modality", "PixelData", "Manufacturer")
                .doesNotContain("StudyDescription");
        assertThat(report.pathsWith(Outcome.ADDED)).contains("PatientIdentityRemoved",
                "DeidentificationMethodCodeSequence", "LongitudinalTemporalInformationModified");
        assertThat(report.burnedInAnnotation()).isFalse();
    }

    @Test
    void burnedInAnnotationIsFlaggedForThePixelPath() throws Exception {
        AttributeList source = PhiFixture.instance(PhiFixture.DOE, "ISO_IR 192", 1);
        CodeStringAttribute burnedIn = new CodeStringAttribute(TagFromName.BurnedInAnnotation);
        burnedIn.addValue("YES");
        source.put(burnedIn);
        assertThat(basic.deidentify(source).report().burnedInAnnotation()).isTrue();
    }

    @Test
    void patientNameCanBeLeftEmptyInsteadOfPseudonymised() throws Exception {
        Deidentifier emptyNames = new Deidentifier(DeidentificationProfile.of().withPatientName(PatientNamePolicy.EMPTY),
                DeidentifierPhiTest.SECRET);
        AttributeList out = emptyNames.deidentify(PhiFixture.instance(PhiFixture.DOE, "ISO_IR 192", 1)).dataset();
        assertThat(Part10.value(out, TagFromName.PatientName)).isEmpty();
        assertThat(Part10.value(out, TagFromName.PatientID)).startsWith("PSN");
    }

    @Test
    void theSourceIsLeftUnchanged() throws Exception {
        AttributeList source = PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1);
        var before = Flattened.of(source);
        new Deidentifier(DeidentificationProfile.of(ProfileOption.CLEAN_DESCRIPTORS,
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES), DeidentifierPhiTest.SECRET).deidentify(source);
        assertThat(Flattened.of(source)).isEqualTo(before);
    }

    @Test
    void aDescriptorOfUnknownEncodingIsRemovedRatherThanCleaned() throws Exception {
        AttributeList source = PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1);
        com.pixelmed.dicom.UnknownAttribute raw = new com.pixelmed.dicom.UnknownAttribute(TagFromName.StudyDescription);
        raw.setValues("CT CHEST Sakurai".getBytes(StandardCharsets.US_ASCII));
        source.put(raw);
        DeidentifiedInstance out = new Deidentifier(DeidentificationProfile.of(ProfileOption.CLEAN_DESCRIPTORS,
                ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES), DeidentifierPhiTest.SECRET).deidentify(source);
        assertThat(out.dataset().get(TagFromName.StudyDescription)).isNull();
        assertThat(out.report().pathsWith(Outcome.REMOVED)).contains("StudyDescription");
    }

    @Test
    void failuresNameThePathButNoValue() throws Exception {
        AttributeList source = PhiFixture.instance(PhiFixture.DOE, "ISO_IR 192", 1);
        source.remove(TagFromName.SOPClassUID);
        DeidentifiedInstance out = basic.deidentify(source);
        var failure = org.assertj.core.api.Assertions.catchThrowable(() -> Part10.written(out));
        assertThat(failure).isInstanceOf(java.io.IOException.class).hasNoCause();
        assertThat(PhiBytes.findings(String.valueOf(failure.getMessage()).getBytes(StandardCharsets.UTF_8),
                PhiFixture.PHI)).isEmpty();
    }

    @Test
    void unlistedFreeTextAndPersonNamesAreEmptiedUnlessSafeListed() throws Exception {
        AttributeList source = PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1);
        SpecificCharacterSet cs = new SpecificCharacterSet(source);
        PhiFixture.put(source, cs, "ContentDescription", "Follow-up for Sakurai");   // (0070,0081) LO, not in E.1-1
        PhiFixture.put(source, cs, "EvaluatorName", "Wilson^James");                  // (0014,2006) PN, not in E.1-1
        DeidentifiedInstance out = new Deidentifier(DeidentificationProfile.of(ProfileOption.CLEAN_DESCRIPTORS),
                DeidentifierPhiTest.SECRET).deidentify(source);
        assertThat(Part10.value(out.dataset(), PhiFixture.tag("ContentDescription"))).isEmpty();
        assertThat(Part10.value(out.dataset(), PhiFixture.tag("EvaluatorName"))).isEmpty();
        assertThat(Part10.value(out.dataset(), PhiFixture.tag("Manufacturer"))).isEqualTo("ACME Medical");
        assertThat(out.report().pathsWith(Outcome.EMPTIED)).contains("ContentDescription", "EvaluatorName");
    }

    @Test
    void unlistedDatesGetADummyWithoutATemporalOption() throws Exception {
        AttributeList out = basic.deidentify(PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1)).dataset();
        AttributeList equipment = Part10.item(Part10.item(
                Part10.item(out, "ReferencedSeriesSequence"), "ReferencedInstanceSequence"),
                "ContributingEquipmentSequence");
        assertThat(Part10.value(equipment, PhiFixture.tag("ContributionDateTime")))
                .isEqualTo("19000101000000");
        assertThat(Part10.value(out, TagFromName.StudyDate)).isEmpty(); // listed: Z
    }
}
