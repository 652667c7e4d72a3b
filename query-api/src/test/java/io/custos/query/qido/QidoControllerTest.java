package io.custos.query.qido;

import static io.custos.query.dicom.DicomTags.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.pixelmed.dicom.TagFromName;
import io.custos.archive.domain.TenantId;
import io.custos.query.dicom.DicomAttribute;
import io.custos.query.dicom.DicomDataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** Web slice: routing, media types, status codes and the tenant source. The search itself is stubbed. */
class QidoControllerTest {

    private static final TenantId TENANT = new TenantId("tenant-a");

    private final List<TenantId> tenantsSearched = new ArrayList<>();
    private final List<QidoQuery> queries = new ArrayList<>();
    private List<DicomDataset> nextMatches = List.of();
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        QidoSearch search = (tenant, query) -> {
            tenantsSearched.add(tenant);
            queries.add(query);
            return new QidoResult(nextMatches, query.warnings());
        };
        mvc = MockMvcBuilders.standaloneSetup(new QidoController(search, new QidoQueryParser(50), () -> TENANT))
                .build();
    }

    @Test
    void studiesAsDicomJsonForTheAuthenticatedTenant() throws Exception {
        nextMatches = List.of(DicomDataset.of(List.of(
                DicomAttribute.of(of(TagFromName.StudyInstanceUID), "UI", "1.2.3"))));
        mvc.perform(get("/dicom-web/studies").param("PatientID", "P1").accept("application/dicom+json"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/dicom+json"))
                .andExpect(content().string("[{\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}]"));
        assertThat(tenantsSearched).containsExactly(TENANT);
        assertThat(queries.get(0).resource()).isEqualTo(QidoResource.ALL_STUDIES);
    }

    @Test
    void plainJsonWhenThatIsAllTheClientAccepts() throws Exception {
        nextMatches = List.of(DicomDataset.of(List.of(DicomAttribute.of(of(TagFromName.StudyID), "SH", "1"))));
        mvc.perform(get("/dicom-web/studies").accept("application/json"))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/json"));
    }

    @Test
    void noMatchIsNoContentAndFuzzyMatchingIsIgnoredWithAWarning() throws Exception {
        mvc.perform(get("/dicom-web/series").param("fuzzymatching", "true"))
                .andExpect(status().isNoContent())
                .andExpect(header().string("Warning", QidoQueryParser.FUZZY_WARNING));
    }

    @Test
    void pathsMapToTheirResources() throws Exception {
        mvc.perform(get("/dicom-web/studies/1.2.3/series")).andExpect(status().isNoContent());
        mvc.perform(get("/dicom-web/studies/1.2.3/series/1.2.3.4/instances")).andExpect(status().isNoContent());
        mvc.perform(get("/dicom-web/studies/1.2.3/instances")).andExpect(status().isNoContent());
        mvc.perform(get("/dicom-web/instances")).andExpect(status().isNoContent());
        assertThat(queries).extracting(QidoQuery::resource).containsExactly(QidoResource.STUDY_SERIES,
                QidoResource.SERIES_INSTANCES, QidoResource.STUDY_INSTANCES, QidoResource.ALL_INSTANCES);
        assertThat(queries.get(1).studyUid()).contains("1.2.3");
        assertThat(queries.get(1).seriesUid()).contains("1.2.3.4");
    }

    @Test
    void unknownKeyIsProblemJsonWithoutTheValue() throws Exception {
        mvc.perform(get("/dicom-web/studies").param("PatientNam", "Doe^John").accept("application/dicom+json"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(content().string("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"Unknown query key 'PatientNam': not a DICOM keyword or 8-hex tag\"}"));
        assertThat(queries).isEmpty();
    }

    @Test
    void aTenantCannotBeChosenByParameter() throws Exception {
        mvc.perform(get("/dicom-web/studies").param("tenant", "tenant-b"))
                .andExpect(status().isBadRequest());
        assertThat(tenantsSearched).isEmpty();
    }
}
