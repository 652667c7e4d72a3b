package io.custos.query.index;

import static io.custos.query.dicom.DicomTags.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.RegionId;
import io.custos.archive.domain.SeriesInstanceUid;
import io.custos.archive.domain.SopClassUid;
import io.custos.archive.domain.SopInstanceUid;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.archive.domain.TransferSyntaxUid;
import io.custos.archive.ingest.api.IndexedAttribute;
import io.custos.query.dicom.DicomDataset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelDatasetsTest {

    private static IndexedAttribute attr(com.pixelmed.dicom.AttributeTag tag, String vr, String... values) {
        return new IndexedAttribute(of(tag), vr, List.of(values));
    }

    private final IndexedInstance instance = new IndexedInstance(new TenantId("t"), new RegionId("eu-1"),
            new StudyInstanceUid("1.2.3"), new SeriesInstanceUid("1.2.3.4"), new SopInstanceUid("1.2.3.4.5"),
            new SopClassUid("1.2.840.10008.5.1.4.1.1.2"), new TransferSyntaxUid("1.2.840.10008.1.2.1"), 1,
            Instant.EPOCH, List.of(
                    attr(TagFromName.SpecificCharacterSet, "CS", "ISO 2022 IR 87"),
                    attr(TagFromName.PatientName, "PN", "Yamada^Tarou=山田^太郎 "),
                    attr(TagFromName.StudyInstanceUID, "UI", "9.9.9"),
                    attr(TagFromName.Modality, "CS", "CT "),
                    attr(TagFromName.InstanceNumber, "IS", " 3"),
                    attr(TagFromName.PatientAge, "AS", "040Y")));

    @Test
    void eachAttributeLandsAtItsLevelAndTheEventsUidsWin() {
        Map<IndexLevel, DicomDataset> levels = LevelDatasets.split(instance);
        DicomDataset study = levels.get(IndexLevel.STUDY);
        assertThat(study.first(of(TagFromName.PatientName))).isEqualTo("Yamada^Tarou=山田^太郎");
        assertThat(study.first(of(TagFromName.StudyInstanceUID))).isEqualTo("1.2.3");
        // Values are Unicode by now, so the declared character set is UTF-8.
        assertThat(study.first(of(TagFromName.SpecificCharacterSet))).isEqualTo("ISO_IR 192");
        assertThat(study.get(of(TagFromName.PatientAge))).isEmpty();
        assertThat(levels.get(IndexLevel.SERIES).first(of(TagFromName.Modality))).isEqualTo("CT");
        assertThat(levels.get(IndexLevel.SERIES).first(of(TagFromName.SeriesInstanceUID))).isEqualTo("1.2.3.4");
        DicomDataset sop = levels.get(IndexLevel.INSTANCE);
        assertThat(sop.first(of(TagFromName.InstanceNumber))).isEqualTo("3");
        assertThat(sop.first(of(TagFromName.SOPInstanceUID))).isEqualTo("1.2.3.4.5");
        assertThat(sop.first(of(TagFromName.SOPClassUID))).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
    }

    @Test
    void blobCodecRoundTripsEveryLevel() {
        for (DicomDataset d : LevelDatasets.split(instance).values()) {
            assertThat(AttributeBlobCodec.decode(AttributeBlobCodec.encode(d))).isEqualTo(d);
        }
    }

    @Test
    void bucketsAreStableAndInRange() {
        assertThat(StudyIndexSchema.bucketOf("1.2.3")).isEqualTo(Math.floorMod("1.2.3".hashCode(), 16));
        assertThat(StudyIndexSchema.bucketOf("2.25.99999999999999999999")).isBetween(0, 15);
    }
}
