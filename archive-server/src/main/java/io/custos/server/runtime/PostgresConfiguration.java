package io.custos.server.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.custos.server.config.CustosProperties;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Provides the application's only {@link DataSource}: the external PostgreSQL when {@code custos.postgres.url}
 * is set, otherwise the embedded one. Declared as a user bean so Boot's own DataSource auto-configuration
 * backs off.
 */
@Configuration(proxyBeanMethods = false)
public class PostgresConfiguration {

    @Bean(destroyMethod = "close")
    PostgresRuntime postgresRuntime(CustosProperties properties) {
        return PostgresRuntime.from(properties);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(PostgresRuntime postgres) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("custos-events");
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.username());
        if (postgres.password() != null) {
            config.setPassword(postgres.password());
        }
        config.setMaximumPoolSize(10);
        // PgJDBC otherwise copies bound parameter values (event payloads, i.e. potential PHI) and server error
        // detail into exception messages, e.g. "Batch entry 0 INSERT ... VALUES (...)" on a duplicate event.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        // Axon's JDBC engine manages its own transactions through Spring; auto-commit stays as Hikari's default.
        return new HikariDataSource(config);
    }
}
