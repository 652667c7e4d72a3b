package io.custos.server.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * Where the viewer's files are on the class path: OHIF's prebuilt {@code dist/} (unpacked and rewritten for
 * the {@code /viewer/} base path by the build, see the archive-server POM) and Custos' own shell around it
 * (login page, {@code app-config.js}), which takes precedence.
 */
final class ViewerAssets {

    static final String URL_PREFIX = "/viewer/";
    static final String SHELL_LOCATION = "classpath:/custos-viewer/shell/";
    static final String DIST_LOCATION = "classpath:/custos-viewer/dist/";
    static final String INDEX_HTML = "index.html";

    private ViewerAssets() {
    }

    /** OHIF's index.html as built; its absence means the build did not fetch the viewer. */
    static String indexHtml() {
        Resource index = new ClassPathResource("custos-viewer/dist/" + INDEX_HTML);
        if (!index.exists()) {
            throw new IllegalStateException("The OHIF viewer is not on the class path (custos-viewer/dist/index.html): "
                    + "build archive-server with Maven (it fetches @ohif/app with npm), or set custos.viewer.enabled=false");
        }
        try (InputStream in = index.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
