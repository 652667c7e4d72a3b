package io.custos.server.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.server.security.Role;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.browser.CanvasPixels;
import io.custos.server.testsupport.browser.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            browser.await(d -> d.getCurrentUrl().endsWith("/viewer/"));
            browser.open(archive.uri("/viewer/viewer?StudyInstanceUIDs=" + ViewerArchive.CT_SMALL_STUDY));

            CanvasPixels drawn;
            try {
                drawn = browser.await(d -> {
                    CanvasPixels pixels = CanvasPixels.read(browser, "canvas.cornerstone-canvas");
                    return pixels.showsAnImage() ? pixels : null;
                });
            } finally {
                // For diagnosis: a picture, not text, so no log scan or console ever holds what it shows.
                Path shot = TestDirs.workDir().resolve("ViewerImageIT-viewport.png");
                Files.write(shot, browser.screenshotPng());
            }
            assertThat(drawn.width()).as("viewport canvas width").isPositive();
            assertThat(drawn.distinctGreys()).as("grey levels drawn").isGreaterThan(16);
        }
    }
}
