package io.custos.query.dicom;

import static io.custos.query.dicom.DicomTags.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.TagFromName;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DicomJsonWriterTest {

    private final DicomJsonWriter writer = new DicomJsonWriter();

    private String json(DicomDataset... datasets) {
        return new String(writer.writeArray(List.of(datasets)), StandardCharsets.UTF_8);
    }

    @Test
    void writesAnnexFModelWithUppercaseKeysInTagOrder() {
        DicomDataset d = DicomDataset.of(List.of(
                DicomAttribute.of(of(TagFromName.StudyInstanceUID), "UI", "1.2.840.1"),
                DicomAttribute.of(of(TagFromName.SpecificCharacterSet), "CS", "ISO_IR 192"),
                DicomAttribute.of(of(TagFromName.PatientName), "PN", "Yamada^Tarou=山田^太郎=やまだ^たろう"),
                DicomAttribute.of(of(TagFromName.SliceThickness), "DS", "1.5E3"),
                DicomAttribute.of(of(TagFromName.SeriesNumber), "IS", "7"),
                DicomAttribute.of(of(TagFromName.FrameIncrementPointer), "AT", "00181063"),
                new DicomAttribute(of(TagFromName.AccessionNumber), "SH", List.of())));

        assertThat(json(d)).isEqualTo("[{"
                + "\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 192\"]},"
                + "\"00080050\":{\"vr\":\"SH\"},"
                + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Yamada^Tarou\","
                + "\"Ideographic\":\"山田^太郎\",\"Phonetic\":\"やまだ^たろう\"}]},"
                + "\"00180050\":{\"vr\":\"DS\",\"Value\":[1.5E3]},"
                + "\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.840.1\"]},"
                + "\"00200011\":{\"vr\":\"IS\",\"Value\":[7]},"
                + "\"00280009\":{\"vr\":\"AT\",\"Value\":[\"00181063\"]}"
                + "}]");
    }

    @Test
    void freeTextKeepsLeadingSpacesAndLineBreaksButNotTrailingSpaces() {
        DicomDataset d = DicomDataset.of(List.of(
                DicomAttribute.of(of(TagFromName.TextValue), "UT", "  indented\r\nlast line\n\r  "),
                DicomAttribute.of(of(TagFromName.StudyDescription), "LO", "  padded  ")));
        assertThat(json(d)).isEqualTo("[{"
                + "\"00081030\":{\"vr\":\"LO\",\"Value\":[\"padded\"]},"
                + "\"0040A160\":{\"vr\":\"UT\",\"Value\":[\"  indented\\r\\nlast line\\n\\r\"]}"
                + "}]");
    }

    @Test
    void personNameOmitsEmptyGroups() {
        DicomDataset d = DicomDataset.of(List.of(
                DicomAttribute.of(of(TagFromName.PatientName), "PN", "Doe^John", "=Ideo^Only")));
        assertThat(json(d)).isEqualTo("[{\"00100010\":{\"vr\":\"PN\",\"Value\":["
                + "{\"Alphabetic\":\"Doe^John\"},{\"Ideographic\":\"Ideo^Only\"}]}}]");
    }

    @Test
    void normalisesDicomNumberFormsJsonDoesNotAllow() {
        DicomDataset d = DicomDataset.of(List.of(
                DicomAttribute.of(of(TagFromName.PixelSpacing), "DS", "+0.5", ".25 "),
                DicomAttribute.of(of(TagFromName.InstanceNumber), "IS", "+0012"),
                DicomAttribute.of(of(TagFromName.SliceLocation), "DS", "-12")));
        assertThat(json(d)).isEqualTo("[{"
                + "\"00200013\":{\"vr\":\"IS\",\"Value\":[12]},"
                + "\"00201041\":{\"vr\":\"DS\",\"Value\":[-12]},"
                + "\"00280030\":{\"vr\":\"DS\",\"Value\":[0.5,0.25]}"
                + "}]");
    }

    @Test
    void emptyValueInsideAMultiValuedAttributeIsNullAndAllEmptyHasNoValue() {
        DicomDataset d = DicomDataset.of(List.of(
                DicomAttribute.of(of(TagFromName.ModalitiesInStudy), "CS", "CT", "", "MR"),
                DicomAttribute.of(of(TagFromName.StudyID), "SH", "")));
        assertThat(json(d)).isEqualTo("[{"
                + "\"00080061\":{\"vr\":\"CS\",\"Value\":[\"CT\",null,\"MR\"]},"
                + "\"00200010\":{\"vr\":\"SH\"}"
                + "}]");
    }

    @Test
    void emptyResultIsAnEmptyArray() {
        assertThat(json()).isEqualTo("[]");
    }
}
