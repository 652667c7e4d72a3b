package io.custos.server.auditpage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The feature flag: the page (its handlers and its headers filter) is there by default and gone when switched off. */
class AuditorPageConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
            .withUserConfiguration(AuditorPageConfiguration.class);

    @Test
    void servedByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(AuditorPageConfiguration.class);
            assertThat(context.getBean(AuditorPageProperties.class).enabled()).isTrue();
            assertThat(context).hasBean("auditorPageHeaders");
        });
    }

    @Test
    void switchedOff() {
        runner.withPropertyValues("custos.auditor-page.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(AuditorPageConfiguration.class);
            assertThat(context).doesNotHaveBean("auditorPageHeaders");
        });
    }
}
