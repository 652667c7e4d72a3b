package io.custos.deidentify.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which OCR text is identifying (no OCR here: the words are given). */
class TextJudgeTest {

    private static TextJudge judge;

    @BeforeAll
    static void judgeOfTheCorpusHeader() throws Exception {
        AttributeList source = PixelCorpus.header(SOPClass.CTImageStorage);
        PixelCorpus.put(source, new PersonNameAttribute(TagFromName.ReferringPhysicianName), "Okafor^Chidi^^Dr");
        PixelCorpus.put(source, new PersonNameAttribute(TagFromName.OperatorsName), "Lindqvist^Maja");
        judge = TextJudge.of(source);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // header values of the instance, any case, OCR errors within one edit, OCR's readings of the caret
            "DOE^JOHN", "doe", "John", "J0HN", "DOE~JOHN", "DOE*JOHN", "4477120", "447712O", "A77X42", "a77x42,",
            "Elsewhere", "Elsewhiere", "Hospital", "Okafor", "Okafr", "Lindqvist", "Chidi",
            // the birth and study dates in the usual written forms, the study time
            "19620418", "1962-04-18", "18/04/1962", "18.04.1962", "04/18/1962", "18-Apr-1962", "18.04.62", "12/03/2024",
            "10:15", "10:15:00",
            // shapes: other dates, long numbers, letter-digit IDs, DICOM-style names
            "03.07.1999", "7-Jan-2001", "99887766", "MRN55A12", "X9Y8", "SMITH^ANNA", "Jones=Peter"})
    void identifying(String word) {
        assertThat(judge.identifies(word)).as("word #%s", word.length()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"L", "R", "A", "P", "H", "F", "5", "5mm", "5.0mm", "120kV", "250mA", "W:400", "L:40",
            "WL", "W/L", "3D", "T2", "cm", "mm", "AXIAL", "CONTRAST", "ID", "DOB", "ACC", "04", "18", "Apr",
            "Joh", "ee", "qe", "|", "—"})
    void harmless(String word) {
        assertThat(judge.identifies(word)).as("word of length %s", word.length()).isFalse();
    }

    @Test
    void aCommaBetweenTwoWordsOfOneLineIsANameForm() {
        boolean[] result = judge.identifying(List.of(word("Smith,", 0), word("Anna", 0), word("Brain", 1)));
        assertThat(result).containsExactly(true, true, false);
        assertThat(judge.identifying(List.of(word("Smith,", 0), word("Anna", 1)))).containsExactly(false, false);
    }

    @Test
    void shapesNeedSomeConfidenceHeaderValuesDoNot() {
        assertThat(judge.identifying(List.of(new OcrWord("S77EE", 0f, 0, 0, 40, 20, 0)))).containsExactly(false);
        assertThat(judge.identifying(List.of(new OcrWord("S77EE", 50f, 0, 0, 40, 20, 0)))).containsExactly(true);
        assertThat(judge.identifying(List.of(new OcrWord("DOE", 0f, 0, 0, 40, 20, 0)))).containsExactly(true);
        // A box two pixels high is an edge, not a glyph.
        assertThat(judge.identifying(List.of(new OcrWord("DOE", 90f, 0, 0, 40, 2, 0)))).containsExactly(false);
    }

    @Test
    void withinOneEdit() {
        assertThat(TextJudge.withinOneEdit("johnson", "jonson")).isTrue();
        assertThat(TextJudge.withinOneEdit("johnson", "johnsen")).isTrue();
        assertThat(TextJudge.withinOneEdit("johnson", "jhonson")).isFalse();
        assertThat(TextJudge.withinOneEdit("abcd", "abcd")).isTrue();
    }

    @Test
    void theBuiltInRulesParseAndMatchTheirLayout() throws Exception {
        LocationRules rules = LocationRules.builtIn();
        assertThat(rules.size()).isGreaterThanOrEqualTo(3);
        AttributeList ultrasound = PixelCorpus.header(SOPClass.UltrasoundImageStorage);
        PixelCorpus.put(ultrasound, new com.pixelmed.dicom.LongStringAttribute(TagFromName.Manufacturer), "GE Healthcare");
        PixelCorpus.put(ultrasound, new com.pixelmed.dicom.LongStringAttribute(TagFromName.ManufacturerModelName), "LOGIQ E9");
        PixelCorpus.pixelModule(ultrasound, 0, 3, "RGB", 8, 8, 0);
        ultrasound.remove(TagFromName.Rows);
        ultrasound.remove(TagFromName.Columns);
        PixelCorpus.put(ultrasound, new com.pixelmed.dicom.UnsignedShortAttribute(TagFromName.Rows), "600");
        PixelCorpus.put(ultrasound, new com.pixelmed.dicom.UnsignedShortAttribute(TagFromName.Columns), "800");
        assertThat(rules.rectanglesFor(ultrasound)).containsExactly(new java.awt.Rectangle(0, 0, 800, 60));
    }

    @Test
    void aMalformedRuleFileIsRejectedWithItsLine() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocationRules.fromTsv(stream("A\tB\t1\t1\t*\t0,0,-1,5\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    }

    private static InputStream stream(String text) throws IOException {
        return new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static OcrWord word(String text, int line) {
        return new OcrWord(text, 90f, 0, 0, 40, 20, line);
    }
}
