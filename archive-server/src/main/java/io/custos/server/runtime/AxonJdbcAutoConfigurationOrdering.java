package io.custos.server.runtime;

import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;

/**
 * Empty on purpose: it only orders auto-configurations. Axon 4.13 names Boot 3's DataSource auto-configuration
 * classes, which moved in Boot 4, so Axon's JDBC and transaction auto-configurations may be evaluated before a
 * DataSource / PlatformTransactionManager exists and silently create no storage engine or a no-op transaction
 * manager. Sitting after Boot 4's classes and before Axon's forces the right order.
 */
@AutoConfiguration(
        after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class},
        before = {JdbcAutoConfiguration.class, TransactionAutoConfiguration.class})
public class AxonJdbcAutoConfigurationOrdering {
}
