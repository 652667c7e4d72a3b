package io.custos.query.index;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.ingest.api.IndexedAttribute;
import io.custos.query.dicom.DicomAttribute;
import io.custos.query.dicom.DicomDataset;
import io.custos.query.dicom.DicomTags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Splits an instance's indexed attributes into the study, series and instance datasets the index stores. */
final class LevelDatasets {

    /** Values reach the index as Unicode, and DICOM JSON is UTF-8: the stored character set is ISO_IR 192. */
    static final String UNICODE = "ISO_IR 192";

    private LevelDatasets() {
    }

    static Map<IndexLevel, DicomDataset> split(IndexedInstance instance) {
        Map<IndexLevel, List<DicomAttribute>> byLevel = new EnumMap<>(IndexLevel.class);
        for (IndexLevel level : IndexLevel.values()) {
            byLevel.put(level, new ArrayList<>());
        }
        for (IndexedAttribute a : instance.attributes()) {
            IndexLevel.storing(a.tag()).ifPresent(level -> byLevel.get(level).add(normalised(a)));
        }
        // The event's identifiers are authoritative (they are validated UIDs); they override the header copy.
        DicomDataset study = DicomDataset.of(byLevel.get(IndexLevel.STUDY)).with(
                attribute(TagFromName.StudyInstanceUID, "UI", instance.study().value()),
                attribute(TagFromName.SpecificCharacterSet, "CS", UNICODE));
        DicomDataset series = DicomDataset.of(byLevel.get(IndexLevel.SERIES)).with(
                attribute(TagFromName.SeriesInstanceUID, "UI", instance.series().value()));
        DicomDataset sop = DicomDataset.of(byLevel.get(IndexLevel.INSTANCE)).with(
                attribute(TagFromName.SOPInstanceUID, "UI", instance.sop().value()),
                attribute(TagFromName.SOPClassUID, "UI", instance.sopClass().value()));
        return Map.of(IndexLevel.STUDY, study, IndexLevel.SERIES, series, IndexLevel.INSTANCE, sop);
    }

    private static DicomAttribute normalised(IndexedAttribute a) {
        // PS3.5 6.2: trailing (and for these VRs leading) spaces are padding, not value.
        List<String> values = a.values().stream().map(String::strip).toList();
        return new DicomAttribute(a.tag(), a.vr(), values);
    }

    private static DicomAttribute attribute(com.pixelmed.dicom.AttributeTag tag, String vr, String value) {
        return DicomAttribute.of(DicomTags.of(tag), vr, value);
    }
}
