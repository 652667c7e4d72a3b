package io.custos.server.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.server.security.Role;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.browser.HeadlessChromium;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The viewer as served by a real archive: public static files with their security and caching headers, the
 * DICOMweb API still closed without a token, and OHIF's study list in headless chromium listing the study that
 * went in over DIMSE, which it can only do if its QIDO-RS requests carry the token given to the login page.
 * Assertions never print page text: the study list shows the test patient's name.
 */
class ViewerIT {

    private static ViewerArchive archive;

    @BeforeAll
    static void start() {
        archive = ViewerArchive.withCtSmall(ViewerIT.class);
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void viewerPageIsPublicWithPolicyHeaders() {
        HttpResponse<String> page = archive.get("/viewer/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("src=\"/viewer/app-config.js\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("'unsafe-eval'"));
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void clientRoutesServeTheViewerPageAndMissingFilesAre404() {
        assertThat(archive.get("/viewer/viewer?StudyInstanceUIDs=" + ViewerArchive.CT_SMALL_STUDY).body())
                .contains("src=\"/viewer/app-config.js\"");
        assertThat(archive.get("/viewer").statusCode()).isEqualTo(302);
        assertThat(archive.get("/viewer/no-such-chunk.js").statusCode()).isEqualTo(404);
        assertThat(archive.get("/viewer/login").body()).contains("custos-login.js");
    }

    @Test
    void hashedBundlesAreImmutableOthersRevalidateByContent() {
        Matcher bundle = Pattern.compile("src=\"/viewer/(app\\.bundle\\.[0-9a-f]{16}\\.js)\"")
                .matcher(archive.get("/viewer/").body());
        assertThat(bundle.find()).as("index.html names the app bundle").isTrue();

        HttpResponse<String> immutable = archive.get("/viewer/" + bundle.group(1));
        assertThat(immutable.statusCode()).isEqualTo(200);
        assertThat(immutable.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c)
                .contains("max-age=31536000", "immutable"));

        HttpResponse<String> config = archive.get("/viewer/app-config.js");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("window.location.origin + '/dicom-web'", "userAuthenticationService");
        assertThat(config.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(config.headers().firstValue("Last-Modified")).isEmpty();
        String etag = config.headers().firstValue("ETag").orElseThrow();
        assertThat(archive.get("/viewer/app-config.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void dicomWebStillNeedsTheToken() {
        assertThat(archive.get("/dicom-web/studies").statusCode()).isEqualTo(401);
        // An encoded step out of /viewer/ does not reach the API anonymously (the firewall refuses it).
        assertThat(archive.get("/viewer/%2e%2e/dicom-web/studies").statusCode()).isIn(400, 401);
    }

    @Test
    void withoutATokenTheViewerGoesToTheLoginPage() {
        try (HeadlessChromium browser = HeadlessChromium.start(TestDirs.workDir().resolve("browser"))) {
            browser.open(archive.uri("/viewer/"));
            browser.await("the login page", d -> d.getCurrentUrl().contains("/viewer/login?next="));
            assertThat(browser.driver().findElements(By.id("token"))).hasSize(1);
        }
    }

    @Test
    void somethingThatIsNotATokenStaysOnTheLoginPage() {
        try (HeadlessChromium browser = HeadlessChromium.start(TestDirs.workDir().resolve("browser"))) {
            browser.open(archive.uri("/viewer/login#token=not-a-token"));
            String error = browser.await("an error message on the login page", d -> {
                String text = d.findElement(By.id("error")).getText();
                return text.isBlank() ? null : text;
            });
            assertThat(error).contains("not a token");
            assertThat(browser.currentUrl()).doesNotContain("not-a-token");
            assertThat(browser.script("return window.sessionStorage.getItem('custos.viewer.token')")).isNull();
        }
    }

    @Test
    void aTokenTheArchiveRefusesLeadsBackToTheLoginPage() {
        String valid = archive.token(Role.CLINICIAN);
        // Same claims, broken signature: well-formed for the login page, 401 for the archive.
        // (A character inside the signature: the last one may carry only padding bits.)
        int at = valid.lastIndexOf('.') + 10;
        String forged = valid.substring(0, at) + (valid.charAt(at) == 'A' ? 'B' : 'A') + valid.substring(at + 1);
        try (HeadlessChromium browser = HeadlessChromium.start(TestDirs.workDir().resolve("browser"))) {
            browser.open(archive.uri("/viewer/login#token=" + forged));
            browser.await("back on the login page after a 401",
                    d -> d.getCurrentUrl().contains("/viewer/login?next=") && d.getCurrentUrl().contains("reason=expired"));
            assertThat(browser.script("return window.sessionStorage.getItem('custos.viewer.token')")).isNull();
        }
    }

    @Test
    void studyListShowsTheStoredStudy() {
        try (HeadlessChromium browser = HeadlessChromium.start(TestDirs.workDir().resolve("browser"))) {
            browser.open(archive.uri("/viewer/login#token=" + archive.token(Role.CLINICIAN)));
            browser.await("the study list after sign-in", d -> d.getCurrentUrl().endsWith("/viewer/"));
            assertThat(browser.currentUrl()).as("the token never stays in the address").doesNotContain("token");

            List<WebElement> rows = browser.await("rows in the study list", d -> {
                // Study rows are the selectable ones; the filter row above them is a table row too.
                List<WebElement> found = d.findElements(By.cssSelector("tbody tr[aria-selected]"));
                return found.isEmpty() ? null : found;
            });
            assertThat(rows).as("study rows").hasSize(1);
            List<String> cells = rows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            // Columns: patient, study date, modalities, description, accession, instances (CT_small's values).
            assertThat(cells.size()).as("cells in the study row").isGreaterThanOrEqualTo(6);
            assertThat(cells.get(0).isBlank()).as("patient name shown").isFalse();
            assertThat(cells.subList(1, cells.size())).as("date, modality, description, instance count")
                    .contains("19-Jan-2004 07:27 AM", "CT", "e+1", "1");
            assertThat(browser.consoleSinceLastCall()).as("browser console: CSP refusals and failed requests")
                    .noneMatch(line -> line.contains("Content Security Policy") || line.contains("status of 4"));
        }
    }
}
