package io.visutility.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.visutility.Orchestrator;
import io.visutility.OrchestratorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: a model with two versions, a reference profile and
 * drifting telemetry; the page shows it, charts it, and follows a promotion made through the API
 * without a reload.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path data;
    static Orchestrator orchestrator;
    static ApiServer server;
    static Api api;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("expected " + CHROMIUM + " and " + CHROMEDRIVER
                    + " for the browser test but they are missing: install chromium chromium-driver; .ci/run does");
        }
        orchestrator = Orchestrator.open(OrchestratorConfig.of(data));
        server = ApiServer.start(orchestrator, InetAddress.getLoopbackAddress(), 0);
        api = new Api(server.port());
        StringBuilder profile = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            profile.append(i == 0 ? "" : ",").append(0.3 + (i % 20) * 0.01);
        }
        for (String version : new String[] {"1.0.0", "1.0.1"}) {
            String sha = api.put("/api/v1/artifacts", ("shapes " + version).getBytes(StandardCharsets.UTF_8)).json()
                    .get("sha256").asText();
            ok(api.post("/api/v1/models/shapes/versions", "{\"version\":\"" + version + "\",\"artifact_sha256\":\"" + sha
                    + "\",\"metrics\":{\"accuracy\":0.9},\"params\":{\"reference_profile\":{\"numeric\":{\"brightness\":["
                    + profile + "]}}}}"), 201);
        }
        ok(api.put("/api/v1/models/shapes/aliases/production", "{\"version\":\"1.0.0\"}"), 200);
        ok(api.put("/api/v1/models/shapes/monitor-policy",
                "{\"cooldown_seconds\":0,\"detectors\":[{\"type\":\"feature_drift\",\"window\":20}]}"), 200);

        // the last 20 seconds: outcomes, latencies and brightness far above the reference
        long now = Instant.now().toEpochMilli();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            String at = Instant.ofEpochMilli(now - 20_000 + i * 100L).toString();
            String head = "{\"model\":\"shapes\",\"version\":\"1.0.0\",\"at\":\"" + at + "\",";
            batch.append(i == 0 ? "" : ",")
                    .append(head).append("\"type\":\"outcome\",\"correct\":").append(i % 10 != 0).append("},")
                    .append(head).append("\"type\":\"latency\",\"millis\":").append(0.2 + (i % 5) * 0.05).append("},")
                    .append(head).append("\"type\":\"features\",\"numeric\":{\"brightness\":")
                    .append(0.8 + (i % 7) * 0.01).append("}}");
        }
        ok(api.post("/api/v1/telemetry", batch.append("]").toString()), 202);
        await().atMost(10, TimeUnit.SECONDS).until(() -> api.get("/api/v1/models/shapes/detections").json().size() > 0);

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString()); // never let Selenium Manager download
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (orchestrator != null) {
            orchestrator.close();
        }
    }

    static Api.Answer ok(Api.Answer a, int status) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        return a;
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    @Test
    void showsTheModelItsChartsAndDetectionsAndFollowsAPromotionWithoutReload() throws IOException {
        driver.get("http://127.0.0.1:" + server.port() + "/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        assertThat(driver.getTitle()).isEqualTo("VisuTility Orchestrator");
        wait.until(ExpectedConditions.textToBe(By.id("model-title"), "shapes"));
        wait.until(ExpectedConditions.textToBe(By.id("production-version"), "1.0.0"));
        wait.until(d -> ((Number) js("return window.visutility.chartPoints('accuracy')")).intValue() >= 15);
        wait.until(d -> ((Number) js("return window.visutility.chartPoints('drift')")).intValue() >= 15);
        wait.until(d -> ((Number) js("return window.visutility.detections()")).intValue() > 0);
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        assertThat(driver.findElement(By.cssSelector("[data-model='shapes']")).getText()).contains("1.0.1", "1.0.0");

        // a promotion made through the API appears without a reload, from the event stream
        js("window.__notReloaded = true");
        ok(api.put("/api/v1/models/shapes/aliases/production", "{\"version\":\"1.0.1\"}"), 200);
        wait.until(ExpectedConditions.textToBe(By.id("production-version"), "1.0.1"));
        assertThat(js("return window.__notReloaded === true")).isEqualTo(true);
        assertThat(js("return window.visutility.production()")).isEqualTo("1.0.1");
        wait.until(d -> d.findElement(By.id("events")).getText().contains("alias production → 1.0.1"));

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }
}
