package io.custos.deidentify.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each option changes exactly the attributes it should, compared with the basic profile alone on the same
 * instance (PS3.15 E.3): paths that differ between the two outputs, sequences at any depth.
 */
class ProfileOptionsTest {

    private static final Set<String> METHOD = Set.of("DeidentificationMethodCodeSequence",
            "DeidentificationMethodCodeSequence>CodeMeaning", "DeidentificationMethodCodeSequence>CodeValue",
            "DeidentificationMethodCodeSequence>CodingSchemeDesignator");
    private static final Set<String> TEMPORAL = Set.of("LongitudinalTemporalInformationModified",
            "StudyDate", "StudyTime", "SeriesDate", "SeriesTime", "ContentDate", "ContentTime", "AcquisitionDateTime",
            "ReferencedSeriesSequence>ReferencedInstanceSequence>AcquisitionDate",
            "ReferencedSeriesSequence>ReferencedInstanceSequence>ContributingEquipmentSequence>ContributionDateTime",
            "ContentSequence>Date");

    static Stream<Arguments> options() {
        return Stream.of(
                Arguments.of(ProfileOption.RETAIN_UIDS, Set.of("SOPInstanceUID", "StudyInstanceUID",
                        "SeriesInstanceUID", "FrameOfReferenceUID", "ReferencedSeriesSequence>SeriesInstanceUID",
                        "ReferencedSeriesSequence>ReferencedInstanceSequence>ReferencedSOPInstanceUID",
                        "ReferencedStudySequence", "ReferencedStudySequence>ReferencedSOPClassUID",
                        "ReferencedStudySequence>ReferencedSOPInstanceUID")),
                Arguments.of(ProfileOption.RETAIN_DEVICE_IDENTITY, Set.of("StationName", "DeviceSerialNumber",
                        "ReferencedSeriesSequence>ReferencedInstanceSequence>ContributingEquipmentSequence>StationName")),
                Arguments.of(ProfileOption.RETAIN_INSTITUTION_IDENTITY, Set.of("InstitutionName",
                        "InstitutionAddress", "InstitutionalDepartmentName",
                        "ReferencedSeriesSequence>ReferencedInstanceSequence>ContributingEquipmentSequence>InstitutionName",
                        "ReferencedSeriesSequence>ReferencedInstanceSequence>ContributingEquipmentSequence"
                                + ">OperatorIdentificationSequence>InstitutionName")),
                Arguments.of(ProfileOption.RETAIN_PATIENT_CHARACTERISTICS,
                        Set.of("PatientSex", "PatientAge", "PatientWeight")),
                Arguments.of(ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES, TEMPORAL),
                Arguments.of(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES, TEMPORAL),
                Arguments.of(ProfileOption.CLEAN_DESCRIPTORS, Set.of("StudyDescription", "SeriesDescription",
                        "ProtocolName", "ImageComments",
                        "ReferencedSeriesSequence>ReferencedInstanceSequence>ContributingEquipmentSequence"
                                + ">ContributionDescription")),
                Arguments.of(ProfileOption.CLEAN_STRUCTURED_CONTENT,
                        Set.of("ContentSequence>TextValue", "ContentSequence>ContentSequence>TextValue")),
                Arguments.of(ProfileOption.CLEAN_GRAPHICS,
                        Set.of("GraphicAnnotationSequence>TextObjectSequence>UnformattedTextValue")),
                Arguments.of(ProfileOption.RETAIN_SAFE_PRIVATE, Set.of("(0019,0010)", "(0019,1023)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void optionChangesExactlyItsAttributes(ProfileOption option, Set<String> expected) throws Exception {
        AttributeList source = PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1);
        Map<String, String> basic = Flattened.of(deidentified(DeidentificationProfile.of(), source));
        Map<String, String> withOption = Flattened.of(deidentified(DeidentificationProfile.of(option), source));

        Set<String> differences = Flattened.differences(basic, withOption);
        differences.removeAll(METHOD);
        assertThat(differences).containsExactlyInAnyOrderElementsOf(new TreeSet<>(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void optionsThatRetainKeepTheSourceValuesAndCleaningOptionsKeepTheHarmlessWords(ProfileOption option,
            Set<String> expected) throws Exception {
        AttributeList source = PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1);
        Map<String, String> original = Flattened.of(source);
        Map<String, String> out = Flattened.of(deidentified(DeidentificationProfile.of(option), source));
        List<ProfileOption> retaining = List.of(ProfileOption.RETAIN_UIDS, ProfileOption.RETAIN_DEVICE_IDENTITY,
                ProfileOption.RETAIN_INSTITUTION_IDENTITY, ProfileOption.RETAIN_PATIENT_CHARACTERISTICS,
                ProfileOption.RETAIN_LONGITUDINAL_FULL_DATES, ProfileOption.RETAIN_SAFE_PRIVATE);
        for (String path : expected) {
            if (retaining.contains(option) && !path.equals("LongitudinalTemporalInformationModified")) {
                assertThat(out.get(path)).as(path).isEqualTo(original.get(path));
            } else if (option.name().startsWith("CLEAN")) {
                assertThat(out.get(path)).as(path).isNotEqualTo(original.get(path)).doesNotContain("REMOVED");
            }
        }
    }

    @Test
    void theCleanedTextKeepsItsMeaning() throws Exception {
        AttributeList out = deidentified(DeidentificationProfile.of(ProfileOption.CLEAN_DESCRIPTORS,
                ProfileOption.CLEAN_STRUCTURED_CONTENT, ProfileOption.CLEAN_GRAPHICS),
                PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1));
        Map<String, String> flat = Flattened.of(out);
        assertThat(flat.get("StudyDescription")).endsWith(":CT CHEST");
        assertThat(flat.get("SeriesDescription")).endsWith(":AXIAL LUNG");
        assertThat(flat.get("ContentSequence>TextValue")).contains("solid nodule 6 mm right upper lobe");
        assertThat(flat.get("GraphicAnnotationSequence>TextObjectSequence>UnformattedTextValue"))
                .endsWith(":L lung lesion");
    }

    static AttributeList deidentified(DeidentificationProfile profile, AttributeList source) {
        return new Deidentifier(profile, DeidentifierPhiTest.SECRET).deidentify(source).dataset();
    }
}
