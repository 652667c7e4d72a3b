package io.custos.server.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.server.security.Role;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.browser.CanvasPixels;
import io.custos.server.testsupport.browser.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OHIF opens the stored study and draws its image: it needs WADO-RS series metadata and frames
 * (PS3.18 10.4: {@code /studies/{study}/series/{series}/metadata},
 * {@code .../instances/{sop}/frames/1}), so this test fails until WADO-RS is in the archive; it is kept apart
 * from {@link ViewerIT} for that reason. The canvas is read in the page: a drawn CT slice has many grey
 * levels, an empty viewport one.
 */
class ViewerImageIT {

    private static ViewerArchive archive;

    @BeforeAll
    static void start() {
        archive = ViewerArchive.withCtSmall(ViewerImageIT.class);
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void viewerDrawsTheStoredImage() throws IOException {
        try (HeadlessChromium browser = HeadlessChromium.start(TestDirs.workDir().resolve("browser"))) {
            browser.open(archive.uri("/viewer/login#token=" + archive.token(Role.CLINICIAN)));
            browser.await("the study list after sign-in", d -> d.getCurrentUrl().endsWith("/viewer/"));
            browser.open(archive.uri("/viewer/viewer?StudyInstanceUIDs=" + ViewerArchive.CT_SMALL_STUDY));

            CanvasPixels drawn;
            List<String> refusedByPolicy = new ArrayList<>();
            try {
                drawn = browser.await("an image drawn in the viewport canvas", d -> {
                    CanvasPixels pixels = CanvasPixels.read(browser, "canvas.cornerstone-canvas");
                    return pixels.showsAnImage() ? pixels : null;
                });
            } finally {
                // For diagnosis: what OHIF asked the archive for (paths and statuses, UIDs but no query
                // strings), and a picture of the page (not text, so no log scan ever holds what it shows).
                browser.requestedPaths("/dicom-web/").forEach(r -> System.out.println("[ViewerImageIT] " + r));
                browser.consoleSinceLastCall().stream().filter(l -> l.contains("Content Security Policy"))
                        .forEach(refusedByPolicy::add);
                refusedByPolicy.forEach(l -> System.out.println("[ViewerImageIT] CSP: " + l));
                Path shot = TestDirs.workDir().resolve("ViewerImageIT-viewport.png");
                Files.write(shot, browser.screenshotPng());
            }
            assertThat(drawn.width()).as("viewport canvas width").isPositive();
            assertThat(drawn.distinctGreys()).as("grey levels drawn").isGreaterThan(16);
            assertThat(refusedByPolicy).as("requests or scripts the viewer's CSP refused").isEmpty();
        }
    }
}
