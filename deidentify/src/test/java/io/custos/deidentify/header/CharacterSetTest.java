package io.custos.deidentify.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import io.custos.deidentify.profile.DeidentificationProfile;
import io.custos.deidentify.profile.ProfileOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cleaned text keeps its non-identifying words, correctly encoded: written as Part 10 and read back, the Japanese
 * word for "chest" survives while the patient's name in kanji and kana is gone. ISO 2022 sources come out in
 * UTF-8 (PixelMed cannot encode ISO 2022 multi-byte text), UTF-8 sources stay UTF-8.
 */
class CharacterSetTest {

    @ParameterizedTest
    @ValueSource(strings = {"ISO 2022 IR 87", "ISO_IR 192"})
    void cleanedJapaneseTextRoundTripsThroughPart10(String charset) throws Exception {
        AttributeList source = PhiFixture.instance(PhiFixture.SAKURAI, charset, 1);
        source.remove(TagFromName.StudyDescription);
        PhiFixture.put(source, new SpecificCharacterSet(source), "StudyDescription", "胸部 CT 桜井 花子 さくらい");
        source.remove(PhiFixture.tag("Manufacturer"));
        PhiFixture.put(source, new SpecificCharacterSet(source), "Manufacturer", "東芝メディカル");

        DeidentifiedInstance out = new Deidentifier(DeidentificationProfile.of(ProfileOption.CLEAN_DESCRIPTORS),
                DeidentifierPhiTest.SECRET).deidentify(source);
        AttributeList read = Part10.read(Part10.written(out));

        assertThat(Part10.value(read, TagFromName.StudyDescription)).isEqualTo("胸部 CT");
        assertThat(read.get(TagFromName.SpecificCharacterSet).getDelimitedStringValuesOrEmptyString())
                .isEqualTo("ISO_IR 192");
        // Kept text is re-encoded too: the safe-listed manufacturer name in Japanese reads back unchanged.
        assertThat(Part10.value(read, PhiFixture.tag("Manufacturer"))).isEqualTo("東芝メディカル");
    }
}
