package io.custos.server.export;

import io.custos.archive.export.model.ExportRequest;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/** The export request aggregate, the requests' status table and its projection. */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

    @Bean
    ConfigurerModule exportRequestAggregate() {
        return configurer -> configurer.configureAggregate(ExportRequest.class);
    }

    @Bean
    ExportStatusStore exportStatusStore(DataSource dataSource) {
        ExportStatusStore store = new ExportStatusStore(new JdbcTemplate(dataSource));
        store.createSchemaIfAbsent();
        return store;
    }

    @Bean
    ExportStatusProjection exportStatusProjection(ExportStatusStore store) {
        return new ExportStatusProjection(store);
    }
}
