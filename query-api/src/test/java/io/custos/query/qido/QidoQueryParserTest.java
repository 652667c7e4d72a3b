package io.custos.query.qido;

import static io.custos.query.dicom.DicomTags.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.TagFromName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QidoQueryParserTest {

    private final QidoQueryParser parser = new QidoQueryParser(100);

    private QidoQuery parse(QidoResource resource, String... keyValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.computeIfAbsent(keyValues[i], k -> new java.util.ArrayList<>()).add(keyValues[i + 1]);
        }
        return parser.parse(resource, Optional.empty(), Optional.empty(), params);
    }

    @Test
    void acceptsKeywordsAndHexTagsAsKeys() {
        QidoQuery q = parse(QidoResource.ALL_STUDIES, "PatientID", "P1", "00080050", "A1");
        assertThat(q.matchers()).extracting(AttributeMatcher::tag)
                .containsExactly(of(TagFromName.PatientID), of(TagFromName.AccessionNumber));
    }

    @Test
    void defaultsAndPaging() {
        QidoQuery none = parse(QidoResource.ALL_STUDIES);
        assertThat(none.limit()).isEqualTo(100);
        assertThat(none.offset()).isZero();
        QidoQuery paged = parse(QidoResource.ALL_STUDIES, "limit", "5", "offset", "10");
        assertThat(paged.limit()).isEqualTo(5);
        assertThat(paged.offset()).isEqualTo(10);
        QidoQuery tooMany = parse(QidoResource.ALL_STUDIES, "limit", "5000");
        assertThat(tooMany.limit()).isEqualTo(100);
        assertThat(tooMany.warnings()).hasSize(1);
    }

    @Test
    void fuzzyMatchingTrueIsIgnoredWithAWarning() {
        assertThat(parse(QidoResource.ALL_STUDIES, "fuzzymatching", "false").warnings()).isEmpty();
        assertThat(parse(QidoResource.ALL_STUDIES, "fuzzymatching", "true").warnings())
                .containsExactly(QidoQueryParser.FUZZY_WARNING);
        assertThatThrownBy(() -> parse(QidoResource.ALL_STUDIES, "fuzzymatching", "maybe"))
                .isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void includeFieldByKeywordTagCommaListOrAll() {
        QidoQuery q = parse(QidoResource.ALL_STUDIES, "includefield", "StudyDescription,00080080",
                "includefield", "PatientSex");
        assertThat(q.includeFields()).containsExactlyInAnyOrder(of(TagFromName.StudyDescription),
                of(TagFromName.InstitutionName), of(TagFromName.PatientSex));
        assertThat(q.warnings()).isEmpty();
        assertThat(parse(QidoResource.ALL_STUDIES, "includefield", "all").includeAll()).isTrue();
        // A real attribute the index does not keep: accepted, with a Warning naming only its tag.
        assertThat(parse(QidoResource.ALL_STUDIES, "includefield", "PatientAge").warnings())
                .containsExactly("299 custos: includefield 00101010 is not indexed and is not returned");
    }

    @Test
    void unknownOrUnsupportedKeysAreBadRequests() {
        assertThatThrownBy(() -> parse(QidoResource.ALL_STUDIES, "PatientNam", "x"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Unknown query key 'PatientNam': not a DICOM keyword or 8-hex tag");
        assertThatThrownBy(() -> parse(QidoResource.ALL_STUDIES, "PatientAge", "040Y"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Query key PatientAge is not supported for matching");
        assertThatThrownBy(() -> parse(QidoResource.ALL_STUDIES, "Modality", "CT"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Query key Modality is a series-level attribute and cannot be matched on this resource");
        assertThatThrownBy(() -> parse(QidoResource.ALL_STUDIES, "includefield", "Nope"))
                .isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> parse(QidoResource.ALL_STUDIES, "limit", "-1"))
                .isInstanceOf(InvalidQueryException.class).hasMessage("limit must be a non-negative integer");
        assertThatThrownBy(() -> parse(QidoResource.ALL_STUDIES, "0040A730.00080100", "x"))
                .isInstanceOf(InvalidQueryException.class);
        // A key that is not printable is not echoed at all.
        assertThatThrownBy(() -> parse(QidoResource.ALL_STUDIES, "Doe John <script>", "x"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("Unknown query key: not a DICOM keyword or 8-hex tag");
    }

    @Test
    void seriesAndInstanceKeysAreAllowedWhereTheLevelIsReturned() {
        assertThat(parse(QidoResource.ALL_SERIES, "Modality", "CT", "PatientID", "P1").matchers()).hasSize(2);
        assertThat(parse(QidoResource.ALL_INSTANCES, "SOPClassUID", "1.2.840.10008.5.1.4.1.1.2",
                "InstanceNumber", "3").matchers()).hasSize(2);
    }

    @Test
    void pathUidsAreValidated() {
        assertThatThrownBy(() -> parser.parse(QidoResource.STUDY_SERIES, Optional.of("not-a-uid"), Optional.empty(),
                Map.of())).isInstanceOf(InvalidQueryException.class).hasMessageNotContaining("not-a-uid");
    }
}
