package io.custos.server.auditpage;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.custos.server.security.Role;
import io.custos.server.security.TokenMinter;
import io.custos.server.security.TokenRequest;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.RunningArchive;
import io.custos.server.testsupport.TestDirs;
import io.custos.server.testsupport.browser.HeadlessChromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The auditor page as served by a real archive (shared Cassandra node, embedded PostgreSQL): a study stored
 * over STOW-RS, searched by a clinician, who is also refused the audit reports; then, in headless chromium, an
 * auditor asks the study's trail, the patient's accounting and the denials, pages, downloads the CSV, and a
 * clinician's token gets the refusal message. Assertions never print the patient ID: failures name what was
 * checked, not the values.
 */
class AuditorPageIT {

    private static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
    private static final String TENANT = "default";
    private static final String CLINICIAN = "carol";
    private static final String CSV_HEADER = "at,accessId,kind,subject,roles,clientAddress,purpose,level,studyUid,"
            + "seriesUid,sopUid,instances,frames,bytes,outcome,patientRef,detail";
    // Table columns: time, kind, subject, roles, client, purpose, level, study, series, SOP, instances, frames, bytes, outcome, detail.
    private static final int KIND = 1;
    private static final int SUBJECT = 2;
    private static final int OUTCOME = 13;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningArchive archive;
    private static DicomWebClient dicomWeb;
    private static URI base;
    private static String study;
    private static String patientId;
    private static String issuer;

    @BeforeAll
    static void start() throws Exception {
        archive = RunningArchive.start(AuditorPageIT.class);
        dicomWeb = new DicomWebClient(archive.context());
        base = URI.create(dicomWeb.root());
        AttributeList list = new AttributeList();
        list.read(CT.toString(), TagFromName.PixelData);
        study = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.StudyInstanceUID);
        patientId = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PatientID);
        issuer = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.IssuerOfPatientID);

        String carol = token(CLINICIAN, Role.CLINICIAN);
        assertThat(dicomWeb.stow(carol, "/studies", Files.readAllBytes(CT)).statusCode()).as("STOW-RS of CT_small")
                .isEqualTo(200);
        await("the study index has the study", () -> dicomWeb.get(carol, "/studies/" + study + "/series")
                .statusCode() == 200);
        // Reads that disclose the study (recorded with the patient's hash), and refusals of the audit API.
        assertThat(dicomWeb.qido(carol, "/studies?PatientID=" + patientId)).hasSize(1);
        assertThat(dicomWeb.qido(carol, "/studies?StudyInstanceUID=" + study)).hasSize(1);
        assertThat(send("GET", "/audit/denials", carol, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/audit/studies/" + study + "/accesses", carol, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/audit/exports", null, null).statusCode()).as("no token: an unattributed denial")
                .isEqualTo(401);
        // The projection is asynchronous: wait (bounded) until the reports hold what the page must show.
        String auditor = token("audrey", Role.AUDITOR);
        await("the study trail holds the clinician's two searches", () -> {
            String trail = send("GET", "/audit/studies/" + study + "/accesses", auditor, null).body();
            return trail.contains("PatientID#") && trail.contains("StudyInstanceUID#");
        });
        await("the denial report holds the clinician's refusals", () -> count(send("GET", "/audit/denials", auditor,
                null).body(), "\"kind\":\"DENIED\"") >= 2);
        await("the unattributed denials hold the request without a token", () -> send("GET",
                "/audit/denials?unattributed=true", auditor, null).body().contains("NO_TOKEN"));
    }

    @AfterAll
    static void stop() {
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    void thePageIsPublicWithAStrictPolicyAndTheReportsAreNot() {
        HttpResponse<String> page = send("GET", "/auditor/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("src=\"/auditor/auditor.js\"").doesNotContain("<script>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe"));
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(send("GET", "/auditor", null, null).statusCode()).isEqualTo(302);
        HttpResponse<String> module = send("GET", "/auditor/timeline.js", null, null);
        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(send("GET", "/auditor/no-such-module.js", null, null).statusCode()).isEqualTo(404);

        assertThat(send("GET", "/audit/denials", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/auditor/", null, "{}").statusCode()).as("only GET/HEAD are public").isEqualTo(401);
    }

    @Test
    void anAuditorSeesTheTrailTheAccountingAndTheDenials() throws Exception {
        Path downloads = Files.createDirectories(TestDirs.workDir().resolve("auditor-downloads-" + System.nanoTime()));
        try (HeadlessChromium browser = HeadlessChromium.start(TestDirs.workDir().resolve("browser"))) {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            browser.open(base.resolve("/auditor/#token=" + token("audrey", Role.AUDITOR)));
            browser.await("signed in", d -> d.findElement(By.id("who")).getText().contains("audrey"));
            assertThat(browser.currentUrl()).as("the token never stays in the address").doesNotContain("token");

            // The study's trail, one row a page, then the next page.
            choose(browser, "study");
            type(browser, "study-uid", study);
            type(browser, "limit", "1");
            browser.driver().findElement(By.id("run")).click();
            awaitRows(browser, 1);
            browser.await("the next page button", d -> d.findElement(By.id("next-page")).isEnabled());
            browser.driver().findElement(By.id("next-page")).click();
            awaitRows(browser, 2);
            type(browser, "limit", "100");
            browser.driver().findElement(By.id("run")).click();
            List<List<String>> trail = awaitRows(browser, 2);
            // The clinician's two searches, and the polls for the index (NO_MATCH while the study was not indexed).
            assertThat(trail).as("the clinician's searches in the study trail")
                    .filteredOn(row -> row.get(SUBJECT).equals(CLINICIAN))
                    .allSatisfy(row -> assertThat(row.get(KIND)).isEqualTo("QIDO_SEARCH"))
                    .filteredOn(row -> row.get(OUTCOME).equals("SUCCESS")).hasSizeGreaterThanOrEqualTo(2);
            assertTimelineMatches(browser, trail.size(), "allowed");

            // The patient's accounting: the patient ID is typed into the page, it goes in a POST body.
            choose(browser, "patient");
            type(browser, "patient-id", patientId);
            type(browser, "issuer", issuer);
            browser.driver().findElement(By.id("run")).click();
            List<List<String>> accounting = awaitRows(browser, 2);
            assertThat(accounting.stream().filter(row -> row.get(SUBJECT).equals(CLINICIAN)
                    && row.get(KIND).equals("QIDO_SEARCH") && row.get(OUTCOME).equals("SUCCESS")).count())
                    .as("the clinician's two searches that disclosed the patient's study").isGreaterThanOrEqualTo(2);
            assertTimelineMatches(browser, accounting.size(), "allowed");

            // Its CSV: every page, fetched with the token, saved through a Blob download.
            browser.driver().findElement(By.id("download-csv")).click();
            Path csv = awaitDownload(browser, downloads);
            assertThat(csv.getFileName().toString().contains(patientId)).as("the file name holds no patient ID").isFalse();
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertThat(lines.get(0)).isEqualTo(CSV_HEADER);
            assertThat(lines.subList(1, lines.size())).as("one CSV line per table row").hasSize(accounting.size())
                    .anySatisfy(line -> assertThat(line).contains(",QIDO_SEARCH," + CLINICIAN + ","));
            assertThat(lines.stream().anyMatch(line -> line.contains(patientId))).as("the CSV holds no patient ID").isFalse();

            // The tenant's denials.
            choose(browser, "denials");
            browser.driver().findElement(By.id("run")).click();
            List<List<String>> denials = awaitRows(browser, 2);
            assertThat(denials).filteredOn(row -> row.get(SUBJECT).equals(CLINICIAN)).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(row -> {
                        assertThat(row.get(KIND)).isEqualTo("DENIED");
                        assertThat(row.get(OUTCOME)).isEqualTo("WRONG_ROLE");
                    });
            assertTimelineMatches(browser, denials.size(), "denied");
            browser.driver().findElement(By.id("unattributed")).click();
            browser.driver().findElement(By.id("run")).click();
            List<List<String>> unattributed = awaitRows(browser, 1);
            assertThat(unattributed).as("denials without a token name no subject").filteredOn(row -> row.get(OUTCOME)
                    .equals("NO_TOKEN")).isNotEmpty().allSatisfy(row -> {
                        assertThat(row.get(KIND)).isEqualTo("DENIED");
                        assertThat(row.get(SUBJECT)).isEmpty();
                    });
            assertThat(unattributed).as("the tenant's denials are not among them")
                    .noneMatch(row -> row.get(SUBJECT).equals(CLINICIAN));

            @SuppressWarnings("unchecked")
            List<String> urls = (List<String>) browser.script("return [location.href].concat("
                    + "performance.getEntriesByType('resource').map(e => e.name));");
            assertThat(urls).as("the page asked the audit API").anyMatch(u -> u.contains("/audit/"));
            assertThat(urls.stream().noneMatch(u -> u.contains(patientId))).as("no request URL holds the patient ID").isTrue();
            assertThat(browser.script("return window.localStorage.length")).as("nothing in localStorage").isEqualTo(0L);
            assertThat((Boolean) browser.script("return Object.keys(sessionStorage)"
                    + ".every(k => !sessionStorage.getItem(k).includes(arguments[0]));", patientId))
                    .as("no patient ID in sessionStorage").isTrue();
            assertThat(browser.consoleSinceLastCall()).as("browser console: CSP refusals and failed requests")
                    .noneMatch(line -> line.contains("Content Security Policy") || line.contains("status of 4"));
        }
    }

    @Test
    void aClinicianTokenGetsTheRefusalMessage() {
        try (HeadlessChromium browser = HeadlessChromium.start(TestDirs.workDir().resolve("browser"))) {
            browser.open(base.resolve("/auditor/#token=" + token("cleo", Role.CLINICIAN)));
            browser.await("signed in", d -> d.findElement(By.id("who")).getText().contains("cleo"));
            choose(browser, "study");
            type(browser, "study-uid", study);
            browser.driver().findElement(By.id("run")).click();
            String message = browser.await("the refusal message", d -> {
                String text = d.findElement(By.id("message")).getText();
                return text.isBlank() ? null : text;
            });
            assertThat(message).contains("Access refused", "auditor role");
            assertThat(browser.driver().findElements(By.cssSelector("#entries tbody tr"))).isEmpty();
            assertThat(browser.driver().findElement(By.id("results")).isDisplayed()).isFalse();
        }
    }

    private static void choose(HeadlessChromium browser, String question) {
        browser.driver().findElement(By.cssSelector("input[name=question][value=" + question + "]")).click();
    }

    private static void type(HeadlessChromium browser, String id, String text) {
        WebElement input = browser.driver().findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** Waits until the table shows at least {@code atLeast} rows after the last answer; returns their cells. */
    private static List<List<String>> awaitRows(HeadlessChromium browser, int atLeast) {
        return browser.await(atLeast + " rows in the table", d -> {
            if (!d.findElement(By.id("run")).isEnabled()) {
                return null;
            }
            List<WebElement> rows = d.findElements(By.cssSelector("#entries tbody tr"));
            if (rows.size() < atLeast) {
                return null;
            }
            return rows.stream().map(r -> r.findElements(By.tagName("td")).stream()
                    .map(c -> c.getDomProperty("textContent")).toList()).toList();
        });
    }

    /** Every bar has a height; the bars' counts add up to the rows; the expected category is drawn. */
    @SuppressWarnings("unchecked")
    private static void assertTimelineMatches(HeadlessChromium browser, int rows, String category) {
        Map<String, Object> chart = browser.scriptMap("const bars = [...document.querySelectorAll('#timeline svg rect.bar')];"
                + "return {bars: bars.length,"
                + " total: bars.reduce((s, b) => s + Number(b.dataset.count), 0),"
                + " flat: bars.filter(b => !(b.getBBox().height > 0)).length,"
                + " categories: [...new Set(bars.map(b => b.dataset.category))]};");
        assertThat((Long) chart.get("bars")).as("bars in the timeline").isPositive();
        assertThat(chart.get("total")).as("the bars count every loaded row").isEqualTo((long) rows);
        assertThat(chart.get("flat")).as("bars without height").isEqualTo(0L);
        assertThat((List<Object>) chart.get("categories")).as("bar categories").contains(category);
    }

    private static Path awaitDownload(HeadlessChromium browser, Path dir) {
        return browser.await("the CSV download", d -> {
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String token(String subject, Role role) {
        return archive.context().getBean(TokenMinter.class).mint(new TokenRequest(subject, Set.of(role), TENANT,
                Set.of("local"), Duration.ofHours(1)));
    }

    private static int count(String body, String needle) {
        int n = 0;
        for (int at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out waiting: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
