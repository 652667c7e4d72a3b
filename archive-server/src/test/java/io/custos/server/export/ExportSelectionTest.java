package io.custos.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.access.api.QueryKey;
import io.custos.archive.domain.StudyInstanceUid;
import io.custos.archive.domain.TenantId;
import io.custos.keys.KeyScope;
import io.custos.keys.KeyedHash;
import io.custos.query.dicom.DicomAttribute;
import io.custos.query.dicom.DicomDataset;
import io.custos.query.dicom.DicomTags;
import io.custos.query.qido.IndexedQidoSearch;
import io.custos.query.qido.QidoQuery;
import io.custos.query.qido.QidoResult;
import io.custos.query.qido.QidoSearch;
import io.custos.server.audit.SearchKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExportSelectionTest {

    private static final TenantId TENANT = new TenantId("t1");
    private static final KeyedHash HASH = new KeyedHash((scope, message) -> {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(("k-" + scope.label()).getBytes(), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final AtomicReference<QidoQuery> searched = new AtomicReference<>();

    @Test
    void resolvesMatchesToStudiesAndKeepsTheQueryHashedLikeQidoSearches() {
        ExportSelection selection = selection(studies(3), List.of(), 10);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("PatientID", "PAT-1");
        query.put("StudyDate", "20200101-20201231");
        query.put("ModalitiesInStudy", List.of("CT", "MR"));

        ExportSelection.Resolved resolved = selection.resolve(TENANT, query);

        assertThat(resolved.studies()).containsExactly(new StudyInstanceUid("1.2.3.0"),
                new StudyInstanceUid("1.2.3.1"), new StudyInstanceUid("1.2.3.2"));
        assertThat(searched.get().matchers()).hasSize(3);
        KeyScope scope = new KeyScope("t1", "local");
        assertThat(resolved.query()).containsExactly(
                new QueryKey("PatientID", null, HASH.hash(scope, SearchKeys.VALUE_PURPOSE, "PAT-1")),
                new QueryKey("StudyDate", null, HASH.hash(scope, SearchKeys.VALUE_PURPOSE, "20200101-20201231")),
                new QueryKey("ModalitiesInStudy", null, HASH.hash(scope, SearchKeys.VALUE_PURPOSE, "CT")),
                new QueryKey("ModalitiesInStudy", null, HASH.hash(scope, SearchKeys.VALUE_PURPOSE, "MR")));
        assertThat(resolved.query().toString()).doesNotContain("PAT-1").doesNotContain("20200101");
        // Every match the export may name is asked for, not one QIDO page.
        assertThat(searched.get().limit()).isEqualTo(11);
    }

    @Test
    void noMatchAndTooManyMatchesAreUnresolvableAndNameNoStudy() {
        assertThatThrownBy(() -> selection(List.of(), List.of(), 10).resolve(TENANT, Map.of("PatientID", "X")))
                .isInstanceOf(ExportSelection.Unresolvable.class).hasMessageContaining("no study");
        assertThatThrownBy(() -> selection(studies(11), List.of(), 10).resolve(TENANT, Map.of("PatientID", "X")))
                .isInstanceOf(ExportSelection.Unresolvable.class).hasMessageContaining("more than 10 studies")
                .hasMessageContaining("Narrow").hasMessageNotContaining("1.2.3");
        assertThatThrownBy(() -> selection(studies(2), List.of(IndexedQidoSearch.TRUNCATED_WARNING), 10)
                .resolve(TENANT, Map.of("PatientID", "X")))
                .isInstanceOf(ExportSelection.Unresolvable.class).hasMessageContaining("more than 10");
    }

    @Test
    void unknownUnsupportedOrMalformedKeysAreBadQueriesNamingTheKeyNotTheValue() {
        ExportSelection selection = selection(studies(1), List.of(), 10);
        assertThatThrownBy(() -> selection.resolve(TENANT, Map.of("PatientNmae", "SECRET^NAME")))
                .isInstanceOf(ExportSelection.BadQuery.class).hasMessageContaining("PatientNmae")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> selection.resolve(TENANT, Map.of("Modality", "CT")))
                .isInstanceOf(ExportSelection.BadQuery.class).hasMessageContaining("Modality")
                .hasMessageContaining("series-level");
        assertThatThrownBy(() -> selection.resolve(TENANT, Map.of("limit", "5")))
                .isInstanceOf(ExportSelection.BadQuery.class).hasMessageContaining("'limit' is not a matching key");
        assertThatThrownBy(() -> selection.resolve(TENANT, Map.of("PatientID", 42)))
                .isInstanceOf(ExportSelection.BadQuery.class).hasMessageContaining("PatientID")
                .hasMessageContaining("string");
        assertThatThrownBy(() -> selection.resolve(TENANT, Map.of()))
                .isInstanceOf(ExportSelection.BadQuery.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> selection.resolve(TENANT, Map.of("StudyDate", "2020-bad")))
                .isInstanceOf(ExportSelection.BadQuery.class).hasMessageContaining("StudyDate")
                .hasMessageNotContaining("2020-bad");
        assertThat(searched.get()).isNull();
    }

    private ExportSelection selection(List<DicomDataset> matches, List<String> warnings, int max) {
        QidoSearch search = (tenant, query) -> {
            assertThat(tenant).isEqualTo(TENANT);
            searched.set(query);
            return new QidoResult(matches, warnings);
        };
        return new ExportSelection(search, HASH, "local", max);
    }

    private static List<DicomDataset> studies(int n) {
        List<DicomDataset> all = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> all.add(DicomDataset.of(List.of(
                DicomAttribute.of(DicomTags.of(TagFromName.StudyInstanceUID), "UI", "1.2.3." + i)))));
        return all;
    }
}
