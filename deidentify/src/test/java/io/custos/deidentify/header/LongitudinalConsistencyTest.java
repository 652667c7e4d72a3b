package io.custos.deidentify.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.dates.DateShifter;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import io.custos.deidentify.pseudonym.PatientKey;
import io.custos.deidentify.secret.ProjectId;
import io.custos.deidentify.secret.ProjectSecret;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Consistency across instances and exports of a project (PS3.15 E.1.1 Note 3), and none across projects. */
class LongitudinalConsistencyTest {

    private static final DeidentificationProfile MODIFIED_DATES =
            DeidentificationProfile.of(ProfileOption.RETAIN_LONGITUDINAL_MODIFIED_DATES);
    private static final ProjectSecret OTHER_PROJECT = ProjectSecret.of(new ProjectId("cardiac-outcomes"),
            "another project's secret, thirty-two bytes or more".getBytes(StandardCharsets.UTF_8));

    private final Deidentifier project = new Deidentifier(MODIFIED_DATES, DeidentifierPhiTest.SECRET);

    @Test
    void instancesOfOneStudyShareTheirRemappedStudySeriesAndFrameOfReference() throws Exception {
        AttributeList first = project.deidentify(PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1)).dataset();
        AttributeList second = project.deidentify(PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 2)).dataset();

        for (var tag : new com.pixelmed.dicom.AttributeTag[] {TagFromName.StudyInstanceUID,
                TagFromName.SeriesInstanceUID, TagFromName.FrameOfReferenceUID, TagFromName.PatientID}) {
            assertThat(value(first, tag)).isEqualTo(value(second, tag)).isNotEmpty();
        }
        assertThat(value(first, TagFromName.SOPInstanceUID)).isNotEqualTo(value(second, TagFromName.SOPInstanceUID));
        // A reference to an instance maps to that instance's own new UID, in whatever attribute it appears.
        AttributeList referencedSeries = Part10.item(first, "ReferencedSeriesSequence");
        assertThat(value(referencedSeries, TagFromName.SeriesInstanceUID))
                .isEqualTo(value(first, TagFromName.SeriesInstanceUID));
        // Referenced Study Sequence is X/Z: emptied, its reference to the study gone.
        assertThat(((com.pixelmed.dicom.SequenceAttribute) first.get(TagFromName.ReferencedStudySequence))
                .getNumberOfItems()).isZero();
    }

    @Test
    void datesMoveByThePatientsShiftAndKeepTheirIntervals() throws Exception {
        AttributeList out = project.deidentify(PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1)).dataset();
        int days = new DateShifter(DeidentifierPhiTest.SECRET)
                .shiftFor(PatientKey.of("ST-MARY-HOSP", PhiFixture.SAKURAI.id(), "")).days();

        LocalDate study = date(value(out, TagFromName.StudyDate));
        assertThat(study).isEqualTo(LocalDate.of(2024, 3, 15).plusDays(days));
        assertThat(ChronoUnit.DAYS.between(study, date(value(out, TagFromName.ContentDate)))).isEqualTo(1);
        assertThat(value(out, TagFromName.AcquisitionDateTime))
                .isEqualTo(DateTimeFormatter.BASIC_ISO_DATE.format(study) + "101733.250000+0100");
        assertThat(value(out, TagFromName.StudyTime)).isEqualTo("101500");
        assertThat(value(out, TagFromName.PatientBirthDate)).isEmpty(); // Z in every option (Table E.1-1)
        AttributeList dateItem = itemWithValueType(out, "DATE");
        assertThat(date(value(dateItem, TagFromName.Date))).isEqualTo(LocalDate.of(2024, 3, 16).plusDays(days));
    }

    @Test
    void theSamePatientInAnotherExportOfTheProjectGetsTheSameValues() throws Exception {
        Deidentifier laterExport = new Deidentifier(MODIFIED_DATES, DeidentifierPhiTest.SECRET);
        AttributeList a = project.deidentify(PhiFixture.instance(PhiFixture.DOE, "ISO 2022 IR 87", 3)).dataset();
        AttributeList b = laterExport.deidentify(PhiFixture.instance(PhiFixture.DOE, "ISO 2022 IR 87", 3)).dataset();
        assertThat(Flattened.of(a)).isEqualTo(Flattened.of(b));
    }

    @Test
    void anotherProjectCannotBeLinked() throws Exception {
        Deidentifier other = new Deidentifier(MODIFIED_DATES, OTHER_PROJECT);
        AttributeList a = project.deidentify(PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1)).dataset();
        AttributeList b = other.deidentify(PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1)).dataset();
        for (var tag : new com.pixelmed.dicom.AttributeTag[] {TagFromName.PatientID, TagFromName.PatientName,
                TagFromName.StudyInstanceUID, TagFromName.SeriesInstanceUID, TagFromName.SOPInstanceUID}) {
            assertThat(value(a, tag)).isNotEqualTo(value(b, tag));
        }
    }

    @Test
    void patientsWithoutAnIdAreKeyedByStudy() throws Exception {
        AttributeList source = PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1);
        source.remove(TagFromName.PatientID);
        AttributeList out = project.deidentify(source).dataset();
        assertThat(value(out, TagFromName.PatientName)).matches("PSN[0-9A-F]{24}")
                .isNotEqualTo(value(project.deidentify(PhiFixture.instance(PhiFixture.SAKURAI, "ISO_IR 192", 1))
                        .dataset(), TagFromName.PatientName));
        assertThat(out.get(TagFromName.PatientID)).isNull();
    }

    private static AttributeList itemWithValueType(AttributeList list, String valueType) {
        var content = (com.pixelmed.dicom.SequenceAttribute) list.get(TagFromName.ContentSequence);
        for (int i = 0; i < content.getNumberOfItems(); i++) {
            AttributeList item = content.getItem(i).getAttributeList();
            if (valueType.equals(value(item, TagFromName.ValueType))) {
                return item;
            }
        }
        throw new AssertionError("no " + valueType + " item");
    }

    private static LocalDate date(String yyyymmdd) {
        return LocalDate.parse(yyyymmdd, DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static String value(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Part10.value(list, tag);
    }
}
