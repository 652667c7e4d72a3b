package io.custos.server.query;

import io.custos.server.config.CustosProperties;
import com.datastax.oss.driver.api.core.CqlSession;
import io.custos.archive.domain.TenantId;
import io.custos.archive.study.application.AttributeSealer;
import io.custos.query.index.StudyIndexEventHandler;
import io.custos.query.index.StudyIndexProjection;
import io.custos.query.index.StudyIndexSchema;
import io.custos.query.index.StudyIndexStore;
import io.custos.query.index.StudyLookupBackfill;
import io.custos.query.qido.IndexedQidoSearch;
import io.custos.query.qido.QidoController;
import io.custos.query.qido.QidoQueryParser;
import io.custos.query.qido.QidoSearch;
import io.custos.query.qido.TenantResolver;
import io.custos.server.security.CurrentPrincipal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Wires the study-index projection (Cassandra) and QIDO-RS; the tenant comes from the verified token. */
@Configuration(proxyBeanMethods = false)
@Import(QidoController.class)
class QueryConfiguration {

    @Bean
    StudyIndexSchema studyIndexSchema(CqlSession session, CustosProperties custos) {
        StudyIndexSchema schema = new StudyIndexSchema(session);
        schema.create(custos.projectionKeyspace());
        new StudyLookupBackfill(session, custos.projectionKeyspace()).runIfNeeded();
        return schema;
    }

    @Bean
    StudyIndexProjection studyIndexProjection(CqlSession session, StudyIndexSchema schema,
                                              CustosProperties custos) {
        return new StudyIndexProjection(session, custos.projectionKeyspace());
    }

    @Bean
    StudyIndexEventHandler studyIndexEventHandler(StudyIndexProjection projection, AttributeSealer sealer) {
        return new StudyIndexEventHandler(projection, sealer);
    }

    @Bean
    StudyIndexStore studyIndexStore(CqlSession session, StudyIndexSchema schema,
                                    CustosProperties custos) {
        return new StudyIndexStore(session, custos.projectionKeyspace());
    }

    @Bean
    QidoSearch qidoSearch(StudyIndexStore store, @Value("${custos.qido.max-study-candidates:5000}") int maxCandidates) {
        return new IndexedQidoSearch(store, maxCandidates);
    }

    @Bean
    QidoQueryParser qidoQueryParser(@Value("${custos.qido.max-limit:1000}") int maxLimit) {
        return new QidoQueryParser(maxLimit);
    }

    @Bean
    TenantResolver tenantResolver(CurrentPrincipal principal) {
        return () -> new TenantId(principal.get().tenant());
    }
}
