package io.custos.server.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * The OHIF dist the build fetched and rewrote (archive-server POM): everything it references from the page
 * lives under /viewer/, and the parts Custos replaces or leaves out are not there.
 */
class ViewerDistTest {

    private static final Pattern ROOT_REFERENCE = Pattern.compile("(?:href|src|content)=\"/(?!viewer/)");

    private static Path dist() throws IOException {
        return new ClassPathResource("custos-viewer/dist/index.html").getFile().toPath().getParent();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void indexHtmlReferencesOnlyViewerPaths() throws IOException {
        String index = ViewerAssets.indexHtml();

        assertThat(ROOT_REFERENCE.matcher(index).find()).as("a root-relative reference outside /viewer/").isFalse();
        assertThat(index).contains("window.PUBLIC_URL=\"/viewer/\"", "src=\"/viewer/app-config.js\"")
                .doesNotContain("window.PUBLIC_URL=\"/\"");
    }

    @Test
    void bundlesLoadChunksFromViewerPath() throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(dist())) {
            scripts = files.filter(f -> f.getFileName().toString().endsWith(".js")).toList();
        }
        long rewritten = 0;
        for (Path script : scripts) {
            String text = read(script);
            assertThat(text).as(script.getFileName().toString()).doesNotContain("__webpack_require__.p = \"/\";");
            if (text.contains("__webpack_require__.p = \"/viewer/\";")) {
                rewritten++;
            }
        }
        assertThat(rewritten).as("bundles with webpack's public path").isPositive();
    }

    @Test
    void stylesAndManifestPointUnderViewer() throws IOException {
        try (Stream<Path> files = Files.list(dist())) {
            for (Path css : files.filter(f -> f.getFileName().toString().endsWith(".css")).toList()) {
                assertThat(read(css)).as(css.getFileName().toString()).doesNotContainPattern("url\\(/(?!viewer/)");
            }
        }
        Matcher icon = Pattern.compile("\"src\"\\s*:\\s*\"([^\"]+)\"").matcher(read(dist().resolve("manifest.json")));
        while (icon.find()) {
            assertThat(icon.group(1)).startsWith("/viewer/assets/");
        }
    }

    @Test
    void demoConfigurationAndAiModelsAreNotShipped() throws IOException {
        Path dist = dist();
        assertThat(dist.resolve("app-config.js")).doesNotExist();
        assertThat(dist.resolve("google.js")).doesNotExist();
        assertThat(dist.resolve("ort")).doesNotExist();
        assertThat(new ClassPathResource("custos-viewer/shell/app-config.js").exists()).isTrue();
    }
}
