package io.custos.server.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SinglePageAppResolverTest {

    @Test
    void pathsWithoutAFileExtensionAreClientRoutes() {
        assertThat(SinglePageAppResolver.isClientRoute("viewer")).isTrue();
        assertThat(SinglePageAppResolver.isClientRoute("segmentation/anything")).isTrue();
        assertThat(SinglePageAppResolver.isClientRoute("")).isTrue();
    }

    @Test
    void missingFilesAreNotAnsweredWithThePage() {
        assertThat(SinglePageAppResolver.isClientRoute("1234.bundle.0123456789abcdef.js")).isFalse();
        assertThat(SinglePageAppResolver.isClientRoute("assets/missing.png")).isFalse();
        assertThat(SinglePageAppResolver.isClientRoute("v1.2/route")).isTrue();
    }
}
