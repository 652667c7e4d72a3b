package io.custos.server.runtime;

import com.datastax.oss.driver.api.core.CqlSession;
import io.custos.server.config.CustosProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Provides the {@link CqlSession} of the projections, bound to {@code custos.cassandra.keyspace} (created if
 * absent), on the external cluster or the embedded node.
 */
@Configuration(proxyBeanMethods = false)
public class CassandraConfiguration {

    @Bean(destroyMethod = "close")
    CassandraRuntime cassandraRuntime(CustosProperties properties) {
        return CassandraRuntime.from(properties);
    }

    @Bean(destroyMethod = "close")
    CqlSession cqlSession(CassandraRuntime runtime, CustosProperties properties) {
        CustosProperties.Cassandra c = properties.cassandra();
        try (CqlSession bootstrap = CassandraSessions.open(runtime.contactPoints(), runtime.localDatacenter(),
                null, c.requestTimeout(), c.username(), c.password())) {
            CassandraSessions.createKeyspaceIfAbsent(bootstrap, properties.projectionKeyspace(), c.replication());
        }
        return CassandraSessions.open(runtime.contactPoints(), runtime.localDatacenter(), properties.projectionKeyspace(),
                c.requestTimeout(), c.username(), c.password());
    }
}
