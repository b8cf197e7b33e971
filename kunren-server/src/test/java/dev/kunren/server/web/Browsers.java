package dev.kunren.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The machine's headless Chromium for the browser tests, and the few ways they read and click pages. */
final class Browsers {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("kunren-server", "target", "screenshots");

    private Browsers() {
    }

    /** Skips the test without Chromium, unless KUNREN_REQUIRE_BROWSER says it must be there (CI). */
    static void assumePresent() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("KUNREN_REQUIRE_BROWSER") != null) {
            assertThat(present).as("Chromium and chromedriver (apt-get install chromium chromium-driver)").isTrue();
        }
        Assumptions.assumeTrue(present, "no Chromium on this machine");
    }

    /** Whether Chromium is here for an optional part of a test; where KUNREN_REQUIRE_BROWSER says it must be, it is. */
    static boolean present() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("KUNREN_REQUIRE_BROWSER") != null) {
            assertThat(present).as("Chromium and chromedriver (apt-get install chromium chromium-driver)").isTrue();
        }
        return present;
    }

    static WebDriver chromium(String language, String... moreArguments) throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-dev-shm-usage", "--no-first-run", "--window-size=1400,1000",
                "--lang=" + language, "--user-data-dir=" + Files.createTempDirectory("kunren-chromium"));
        options.addArguments(moreArguments);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(options);
    }

    /**
     * A bounded wait that looks again when the page redrew what it was reading. Its bound is at
     * least 30 s, whatever a test names: a wait ends as soon as its condition holds, so the bound
     * only decides when to give up, and a machine with both cores busy needs room (speed is for
     * benchmarks).
     */
    static WebDriverWait within(WebDriver driver, int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(Math.max(seconds, 30)), Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /**
     * No error in the page's console. One answer is not an error: a read of the team's environment
     * that the drill's end overtook (503 "not running"), which the browser logs whatever the page
     * then does; the page shows the drill ended at its next refresh.
     */
    static void assertNoConsoleErrors(WebDriver driver, String page) {
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> !(e.getMessage().contains("/teams/") && e.getMessage().contains("status of 503"))).toList();
        assertThat(errors).as("console errors on " + page).isEmpty();
    }

    /** Forgets what the console logged so far: after a step that fails on purpose (the browser logs the 4xx). */
    static void forgetConsole(WebDriver driver) {
        driver.manage().logs().get(LogType.BROWSER);
    }

    /** Goes to one place of the team console (Incident, Compute, …) by its link, as a person would. */
    static void place(WebDriver driver, String place) {
        click(driver, By.cssSelector("#places a[data-place='" + place + "']"));
        within(driver, 5).until(ExpectedConditions.attributeToBe(By.cssSelector("#places a[data-place='" + place + "']"),
                "aria-current", "page"));
    }

    /** Clicks an element of a list the page redraws every few seconds, finding it again if it was redrawn. */
    static void click(WebDriver driver, By selector) {
        within(driver, 10).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(selector).click();
            return true;
        });
    }

    /**
     * The text of the first element a selector finds, once it shows some (at most {@code seconds}),
     * read in one script: a list the page redraws cannot go stale between finding and reading.
     */
    static String textOf(WebDriver driver, String cssSelector, int seconds) {
        return within(driver, seconds).until(d -> {
            String text = (String) ((JavascriptExecutor) d).executeScript(
                    "const e = document.querySelector(arguments[0]); return e && e.offsetParent !== null ? e.innerText : null;",
                    cssSelector);
            return text == null || text.isBlank() ? null : text.strip();
        });
    }

    /** Whether the first element a selector finds is on screen, asked in one script (the consoles redraw their lists). */
    static boolean shown(WebDriver driver, String cssSelector) {
        return (Boolean) ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(arguments[0]); return !!e && e.offsetParent !== null;", cssSelector);
    }

    /** The texts of what a selector finds, read in one script: the consoles redraw under a reader between two WebDriver calls. */
    @SuppressWarnings("unchecked")
    static List<String> texts(WebDriver driver, String cssSelector) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText);", cssSelector);
    }

    /**
     * The facilitator signs in at {@code base} and makes a first-drill at 5× (its alert fires about
     * 15 s after Start and stays about 20 s: a browser on a busy machine still finds it firing to
     * acknowledge) with team red; returns red's join code.
     */
    static String makeFirstDrillWithTeamRed(WebDriver facilitator, String base, String password) {
        facilitator.get(base + "/");
        facilitator.findElement(By.id("facilitator-password")).sendKeys(password);
        facilitator.findElement(By.id("facilitator-button")).click();
        within(facilitator, 5).until(ExpectedConditions.urlToBe(base + "/facilitator"));
        // the scenario list comes from the API: it shows only if the browser kept the session cookie
        within(facilitator, 5).until(d -> !new org.openqa.selenium.support.ui.Select(d.findElement(By.id("scenario"))).getOptions().isEmpty());
        new org.openqa.selenium.support.ui.Select(facilitator.findElement(By.id("scenario"))).selectByValue("first-drill");
        facilitator.findElement(By.id("speed")).clear();
        facilitator.findElement(By.id("speed")).sendKeys("5");
        facilitator.findElement(By.id("create")).click();
        within(facilitator, 5).until(ExpectedConditions.visibilityOfElementLocated(By.id("drill-panel")));
        facilitator.findElement(By.id("team-name")).sendKeys("red");
        facilitator.findElement(By.id("add-team")).click();
        return textOf(facilitator, ".tile[data-team='red'] .join-code", 5);
    }

    /** A member opens {@code base} with the join code and joins as {@code name}; the facilitator's tile shows them. */
    static void joinRed(WebDriver member, WebDriver facilitator, String base, String joinCode, String name) {
        member.get(base + "/?code=" + joinCode);
        member.findElement(By.id("join-name")).sendKeys(name);
        member.findElement(By.id("join-button")).click();
        within(member, 5).until(ExpectedConditions.urlToBe(base + "/team"));
        within(facilitator, 10).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".tile[data-team='red']"), name));
    }

    /** The facilitator starts; the member acknowledges the alert that fires; both see the acknowledgement. */
    static void startAndAcknowledge(WebDriver facilitator, WebDriver member) {
        facilitator.findElement(By.id("start")).click();
        By firing = By.cssSelector("li.alert[data-state='firing'] button.acknowledge");
        within(member, 30).until(ExpectedConditions.presenceOfElementLocated(firing));
        click(member, firing);
        By acknowledged = By.cssSelector("#timeline li.event-alert-acknowledged");
        within(member, 10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li.alert .acknowledged")));
        within(member, 10).until(ExpectedConditions.presenceOfElementLocated(acknowledged));
        within(facilitator, 10).until(ExpectedConditions.presenceOfElementLocated(acknowledged));
    }
}
