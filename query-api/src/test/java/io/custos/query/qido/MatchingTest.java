package io.custos.query.qido;

import static io.custos.query.dicom.DicomTags.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import io.custos.query.dicom.DicomAttribute;
import io.custos.query.dicom.DicomTags;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PS3.4 C.2.2.2 matching semantics, one matching type per test group. */
class MatchingTest {

    private static AttributeMatcher key(AttributeTag tag, String... values) {
        int t = of(tag);
        return MatcherFactory.create(t, DicomTags.vr(t).orElseThrow(), List.of(values));
    }

    private static boolean matches(AttributeMatcher m, AttributeTag tag, String... stored) {
        int t = of(tag);
        return m.matches(Optional.of(new DicomAttribute(t, DicomTags.vr(t).orElseThrow(), List.of(stored))));
    }

    @Test
    void universalMatchingMatchesEverythingIncludingAbsentAndEmpty() {
        for (AttributeMatcher m : List.of(key(TagFromName.PatientID, ""), key(TagFromName.PatientID, "*"))) {
            assertThat(m).isInstanceOf(AttributeMatcher.Universal.class);
            assertThat(m.matches(Optional.empty())).isTrue();
            assertThat(matches(m, TagFromName.PatientID, "")).isTrue();
            assertThat(matches(m, TagFromName.PatientID, "P1")).isTrue();
        }
    }

    @Test
    void singleValueIsExactAndCaseSensitiveForNonPersonNames() {
        AttributeMatcher m = key(TagFromName.PatientID, "abc-1");
        assertThat(matches(m, TagFromName.PatientID, "abc-1")).isTrue();
        assertThat(matches(m, TagFromName.PatientID, "ABC-1")).isFalse();
        assertThat(matches(m, TagFromName.PatientID, "abc-12")).isFalse();
        assertThat(matches(m, TagFromName.PatientID, "")).isFalse();
        assertThat(m.matches(Optional.empty())).isFalse();
    }

    @Test
    void personNamesMatchCaseInsensitivelyOnAnyComponentGroup() {
        AttributeMatcher m = key(TagFromName.PatientName, "doe^john");
        assertThat(matches(m, TagFromName.PatientName, "Doe^John")).isTrue();
        assertThat(matches(m, TagFromName.PatientName, "DOE^JOHN^^^")).isTrue();
        assertThat(matches(m, TagFromName.PatientName, "Doe^Jane")).isFalse();
        AttributeMatcher ideographic = key(TagFromName.PatientName, "山田^太郎");
        assertThat(matches(ideographic, TagFromName.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう")).isTrue();
    }

    @Test
    void wildcardsStarAndQuestionMark() {
        AttributeMatcher star = key(TagFromName.PatientName, "do*");
        assertThat(star).isInstanceOf(AttributeMatcher.Wildcard.class);
        assertThat(matches(star, TagFromName.PatientName, "Doe^John")).isTrue();
        assertThat(matches(star, TagFromName.PatientName, "Smith^Do")).isFalse();
        AttributeMatcher question = key(TagFromName.AccessionNumber, "A?C*");
        assertThat(matches(question, TagFromName.AccessionNumber, "ABC123")).isTrue();
        assertThat(matches(question, TagFromName.AccessionNumber, "AC123")).isFalse();
        assertThat(matches(question, TagFromName.AccessionNumber, "abc123")).isFalse();
        // Regex metacharacters in the value are literals.
        AttributeMatcher literal = key(TagFromName.StudyDescription, "CT (head)*");
        assertThat(matches(literal, TagFromName.StudyDescription, "CT (head) w/o")).isTrue();
        assertThat(matches(literal, TagFromName.StudyDescription, "CT head")).isFalse();
    }

    @Test
    void dateRangesClosedAndOpenEnded() {
        AttributeMatcher closed = key(TagFromName.StudyDate, "20200101-20201231");
        assertThat(matches(closed, TagFromName.StudyDate, "20200101")).isTrue();
        assertThat(matches(closed, TagFromName.StudyDate, "20201231")).isTrue();
        assertThat(matches(closed, TagFromName.StudyDate, "20210101")).isFalse();
        assertThat(matches(closed, TagFromName.StudyDate, "")).isFalse();
        AttributeMatcher upTo = key(TagFromName.StudyDate, "-20191231");
        assertThat(matches(upTo, TagFromName.StudyDate, "19991231")).isTrue();
        assertThat(matches(upTo, TagFromName.StudyDate, "20200101")).isFalse();
        AttributeMatcher from = key(TagFromName.StudyDate, "20200101-");
        assertThat(matches(from, TagFromName.StudyDate, "20300101")).isTrue();
        assertThat(matches(from, TagFromName.StudyDate, "20191231")).isFalse();
        AttributeMatcher single = key(TagFromName.StudyDate, "20200315");
        assertThat(matches(single, TagFromName.StudyDate, "20200315")).isTrue();
        assertThat(matches(single, TagFromName.StudyDate, "20200316")).isFalse();
    }

    @Test
    void timeRangesCompareNormalisedTimes() {
        AttributeMatcher m = key(TagFromName.StudyTime, "0800-1200");
        assertThat(matches(m, TagFromName.StudyTime, "080000")).isTrue();
        assertThat(matches(m, TagFromName.StudyTime, "115959.999")).isTrue();
        assertThat(matches(m, TagFromName.StudyTime, "12")).isTrue();
        assertThat(matches(m, TagFromName.StudyTime, "120001")).isFalse();
        assertThat(matches(m, TagFromName.StudyTime, "0759")).isFalse();
    }

    @Test
    void uidListsByCommaBackslashOrRepetition() {
        AttributeMatcher comma = key(TagFromName.StudyInstanceUID, "1.2.3,1.2.4");
        AttributeMatcher repeated = key(TagFromName.StudyInstanceUID, "1.2.3", "1.2.4");
        AttributeMatcher backslash = key(TagFromName.StudyInstanceUID, "1.2.3\\1.2.4");
        for (AttributeMatcher m : List.of(comma, repeated, backslash)) {
            assertThat(matches(m, TagFromName.StudyInstanceUID, "1.2.3")).isTrue();
            assertThat(matches(m, TagFromName.StudyInstanceUID, "1.2.4")).isTrue();
            assertThat(matches(m, TagFromName.StudyInstanceUID, "1.2.5")).isFalse();
        }
    }

    @Test
    void modalitiesInStudyMatchesAnyStoredValueAndAcceptsALists() {
        AttributeMatcher ct = key(TagFromName.ModalitiesInStudy, "CT");
        assertThat(matches(ct, TagFromName.ModalitiesInStudy, "CT", "SR")).isTrue();
        assertThat(matches(ct, TagFromName.ModalitiesInStudy, "MR")).isFalse();
        AttributeMatcher ctOrMr = key(TagFromName.ModalitiesInStudy, "CT\\MR");
        assertThat(matches(ctOrMr, TagFromName.ModalitiesInStudy, "MR", "SR")).isTrue();
        assertThat(matches(ctOrMr, TagFromName.ModalitiesInStudy, "US")).isFalse();
    }

    @Test
    void integerStringsMatchNumerically() {
        AttributeMatcher m = key(TagFromName.SeriesNumber, "7");
        assertThat(matches(m, TagFromName.SeriesNumber, "007")).isTrue();
        assertThat(matches(m, TagFromName.SeriesNumber, "70")).isFalse();
    }

    @Test
    void invalidValuesAreRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> key(TagFromName.StudyDate, "2020-01-01"))
                .isInstanceOf(InvalidQueryException.class).hasMessageNotContaining("2020");
        assertThatThrownBy(() -> key(TagFromName.StudyDate, "20201231-20200101"))
                .isInstanceOf(InvalidQueryException.class).hasMessageNotContaining("2020");
        assertThatThrownBy(() -> key(TagFromName.StudyDate, "-"))
                .isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> key(TagFromName.StudyInstanceUID, "1.2.x"))
                .isInstanceOf(InvalidQueryException.class).hasMessageNotContaining("1.2.x");
        assertThatThrownBy(() -> key(TagFromName.SeriesNumber, "seven"))
                .isInstanceOf(InvalidQueryException.class).hasMessageNotContaining("seven");
        assertThatThrownBy(() -> key(TagFromName.PatientID, "P1", "P2"))
                .isInstanceOf(InvalidQueryException.class).hasMessageNotContaining("P1");
    }
}
