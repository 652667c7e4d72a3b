package io.custos.server.testsupport.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver with Selenium (WebDriver). A fresh
 * profile per instance, removed on {@link #close()}, so no state leaks between tests. Used by the viewer
 * tests and meant for every page test (the auditor page too).
 *
 * <p>The flags are the project's standard ones for this network-less machine: without the
 * background-networking ones chromium keeps dialling Google hosts. Software WebGL (SwiftShader) lets OHIF's
 * cornerstone render without a GPU. If chromium or chromedriver is missing the test fails, naming
 * {@code scripts/install-prerequisites.sh}; it is never skipped.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The longest a page may take to reach an expected state; a safety net against hangs, not a timing assertion. */
    public static final Duration PAGE_PATIENCE = Duration.ofMinutes(3);

    static final List<String> FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--enable-unsafe-swiftshader", "--window-size=1400,900");

    /**
     * Selenium looks for a DevTools (CDP) binding matching the browser's version and warns when it has none;
     * these tests speak only WebDriver, so the warning is noise. Held here: JUL keeps loggers weakly.
     */
    private static final List<java.util.logging.Logger> QUIETED = List.of(
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    static {
        QUIETED.forEach(logger -> logger.setLevel(Level.SEVERE));
    }

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts chromium with a new profile directory under {@code workDir}. */
    public static HeadlessChromium start(Path workDir) {
        requireInstalled(CHROMIUM);
        requireInstalled(CHROMEDRIVER);
        Path profile;
        try {
            profile = Files.createTempDirectory(Files.createDirectories(workDir), "chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        // An explicit binary and driver: Selenium Manager (which would download browsers) is never consulted.
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    private static void requireInstalled(Path executable) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is missing: run scripts/install-prerequisites.sh "
                    + "(installs Debian's chromium and chromium-driver)");
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(URI uri) {
        driver.get(uri.toString());
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /**
     * Waits until {@code condition} yields a non-null, non-false value and returns it; {@code what} names the
     * awaited state in the failure message.
     */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PAGE_PATIENCE, Duration.ofMillis(250)).withMessage(what).until(condition::apply);
    }

    /** Runs JavaScript in the page; the script's {@code return} value comes back (numbers as Long/Double, objects as Map). */
    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> scriptMap(String javascript, Object... arguments) {
        return (Map<String, Object>) script(javascript, arguments);
    }

    /**
     * The page's requests whose path starts with {@code pathPrefix}, as "status path" (Resource Timing), without
     * query strings: those may hold search values such as a patient's name.
     */
    @SuppressWarnings("unchecked")
    public List<String> requestedPaths(String pathPrefix) {
        return (List<String>) script("return performance.getEntriesByType('resource')"
                + ".map(e => ({status: e.responseStatus, path: new URL(e.name).pathname}))"
                + ".filter(e => e.path.startsWith(arguments[0]))"
                + ".map(e => e.status + ' ' + e.path);", pathPrefix);
    }

    public byte[] screenshotPng() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    /** The browser console since the last call (messages, CSP violations, failed requests). */
    public List<String> consoleSinceLastCall() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(HeadlessChromium::format)
                .toList();
    }

    private static String format(LogEntry entry) {
        return entry.getLevel() + " " + entry.getMessage();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteRecursively(profile);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
