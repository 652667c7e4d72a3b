package io.custos.deidentify.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.report.Outcome;
import io.custos.deidentify.secret.ProjectId;
import io.custos.deidentify.secret.ProjectSecret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** No identifying value of the fixture survives into the written file, whatever the options and character set. */
class DeidentifierPhiTest {

    static final ProjectSecret SECRET = ProjectSecret.of(new ProjectId("lung-screening"),
            "a project secret of thirty-two bytes or more, for tests".getBytes(StandardCharsets.UTF_8));

    static List<Arguments> profilesAndCharsets() {
        DeidentificationProfile basic = DeidentificationProfile.of();
        // Every option that does not by definition retain identity (device and institution identity, full dates
        // and UIDs are checked in ProfileOptionsTest).
        DeidentificationProfile research = DeidentificationProfile.of(ProfileOption.RETAIN_SAFE_PRIVATE,
                ProfileOption.RETAIN_PATIENT_CHARACTERISTICS, ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES,
                ProfileOption.CLEAN_DESCRIPTORS, ProfileOption.CLEAN_STRUCTURED_CONTENT, ProfileOption.CLEAN_GRAPHICS);
        return List.of(
                Arguments.of("basic", basic, "ISO 2022 IR 87"),
                Arguments.of("basic", basic, "ISO_IR 192"),
                Arguments.of("research options", research, "ISO 2022 IR 87"),
                Arguments.of("research options", research, "ISO_IR 192"));
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("profilesAndCharsets")
    void noPhiValueAppearsInTheOutputBytes(String label, DeidentificationProfile profile, String charset)
            throws Exception {
        Deidentifier deidentifier = new Deidentifier(profile, SECRET);
        for (PhiFixture.Patient patient : List.of(PhiFixture.SAKURAI, PhiFixture.DOE)) {
            byte[] out = Part10.written(deidentifier.deidentify(PhiFixture.instance(patient, charset, 1)));

            assertThat(PhiBytes.findings(out, PhiFixture.PHI)).as("identifying strings in the output").isEmpty();
            for (String uid : List.of(PhiFixture.STUDY_UID, PhiFixture.SERIES_UID,
                    PhiFixture.FRAME_OF_REFERENCE_UID, PhiFixture.PRIOR_INSTANCE_UID)) {
                assertThat(PhiBytes.contains(out, uid.getBytes(StandardCharsets.US_ASCII)))
                        .as("a source UID in the output").isFalse();
            }
            assertThat(PhiBytes.contains(out, "20240315".getBytes(StandardCharsets.US_ASCII)))
                    .as("a source date in the output").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("profilesAndCharsets")
    void theOutputIsAReadablePart10FileWithTheSequencesStillNested(String label, DeidentificationProfile profile,
            String charset) throws Exception {
        DeidentifiedInstance result = new Deidentifier(profile, SECRET)
                .deidentify(PhiFixture.instance(PhiFixture.SAKURAI, charset, 1));
        byte[] bytes = Part10.written(result);
        AttributeList read = Part10.read(bytes);

        // PS3.15 E.1.1 step 7: a new preamble (zeros) and File Meta Information naming the de-identifier.
        assertThat(java.util.Arrays.copyOf(bytes, 128)).containsOnly((byte) 0);
        assertThat(new String(bytes, 128, 4, StandardCharsets.US_ASCII)).isEqualTo("DICM");
        assertThat(Part10.value(read, TagFromName.SourceApplicationEntityTitle)).isEqualTo(DeidentifiedInstance.SOURCE_AE);
        assertThat(Part10.value(read, TagFromName.MediaStorageSOPInstanceUID))
                .isEqualTo(Part10.value(read, TagFromName.SOPInstanceUID));

        assertThat(read.get(TagFromName.PatientIdentityRemoved).getSingleStringValueOrEmptyString()).isEqualTo("YES");
        assertThat(read.get(TagFromName.PatientID).getSingleStringValueOrEmptyString()).matches("PSN[0-9A-F]{24}");
        assertThat(read.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString()).startsWith("2.25.");
        assertThat(read.getPixelData().getShortValues()).hasSize(16);
        // Four levels deep: ReferencedSeries > ReferencedInstance > ContributingEquipment > OperatorIdentification.
        AttributeList instance = Part10.item(Part10.item(read, "ReferencedSeriesSequence"), "ReferencedInstanceSequence");
        AttributeList equipment = Part10.item(instance, "ContributingEquipmentSequence");
        assertThat(equipment.get(PhiFixture.tag("Manufacturer")).getSingleStringValueOrEmptyString())
                .isEqualTo("ACME Medical");
        assertThat(equipment.get(TagFromName.OperatorsName).getSingleStringValueOrEmptyString()).isEqualTo("REMOVED");
        assertThat(equipment.get(TagFromName.PatientID).getSingleStringValueOrEmptyString()).isEmpty();
        AttributeList operator = Part10.item(equipment, "OperatorIdentificationSequence");
        assertThat(operator.get(PhiFixture.tag("PersonAddress"))).isNull();
        assertThat(instance.get(TagFromName.ReferencedSOPInstanceUID).getSingleStringValueOrEmptyString())
                .startsWith("2.25.");
        assertThat(instance.get(TagFromName.ReferencedSOPClassUID).getSingleStringValueOrEmptyString())
                .isEqualTo(com.pixelmed.dicom.SOPClass.CTImageStorage);
        assertThat(read.get(TagFromName.OtherPatientIDsSequence)).isNull();
        // ISO 2022 sources are written in UTF-8: PixelMed cannot encode ISO 2022 multi-byte text (OutputCharacterSet).
        assertThat(read.get(TagFromName.SpecificCharacterSet).getDelimitedStringValuesOrEmptyString())
                .isEqualTo(charset.startsWith("ISO 2022") ? "ISO_IR 192" : charset);
        assertThat(result.report().pathsWith(Outcome.REMOVED))
                .contains("PatientAddress", "(0009,1001)", "(0029,1001)",
                        "ReferencedSeriesSequence>ReferencedInstanceSequence>ContributingEquipmentSequence"
                                + ">OperatorIdentificationSequence>PersonAddress");
    }

    @ParameterizedTest(name = "{0}, {2}")
    @MethodSource("profilesAndCharsets")
    void theMethodIsRecordedWithTheCodesOfTheChosenOptions(String label, DeidentificationProfile profile,
            String charset) throws Exception {
        AttributeList read = Part10.read(Part10.written(new Deidentifier(profile, SECRET)
                .deidentify(PhiFixture.instance(PhiFixture.DOE, charset, 2))));

        SequenceAttribute codes = (SequenceAttribute) read.get(TagFromName.DeidentificationMethodCodeSequence);
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < codes.getNumberOfItems(); i++) {
            AttributeList item = codes.getItem(i).getAttributeList();
            assertThat(item.get(TagFromName.CodingSchemeDesignator).getSingleStringValueOrEmptyString())
                    .isEqualTo("DCM");
            values.add(item.get(TagFromName.CodeValue).getSingleStringValueOrEmptyString());
        }
        List<String> expected = new java.util.ArrayList<>(List.of("113100"));
        profile.options().forEach(o -> expected.add(o.code().value()));
        assertThat(values).containsExactlyElementsOf(expected);
        assertThat(read.get(TagFromName.DeidentificationMethod).getSingleStringValueOrEmptyString())
                .isEqualTo(MethodStamp.METHOD);
        assertThat(read.get(TagFromName.LongitudinalTemporalInformationModified).getSingleStringValueOrEmptyString())
                .isEqualTo(profile.has(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES) ? "MODIFIED" : "REMOVED");
    }
}
