package io.custos.deidentify.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;

/** tess4j brings no SLF4J provider, logback configuration or PDF stack onto the class path. */
class ClassPathTest {

    @Test
    void noLoggingBindingOrConfigurationArrives() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(Collections.list(loader.getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"))).isEmpty();
        assertThat(Collections.list(loader.getResources("org/slf4j/impl/StaticLoggerBinder.class"))).isEmpty();
        assertThat(Collections.list(loader.getResources("logback.xml"))).isEmpty();
        assertThat(Collections.list(loader.getResources("logback-test.xml"))).isEmpty();
        assertThat(loader.getResource("org/apache/pdfbox/pdmodel/PDDocument.class")).isNull();
        assertThat(loader.getResource("org/jboss/vfs/VFS.class")).isNull();
    }
}
