package dev.streamgate.dashboard;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** The dashboard in headless Chromium, read the way the browser tests need it. */
final class DashboardPage implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(45);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChromeDriver browser;

  DashboardPage() {
    this(false);
  }

  /**
   * A new browser (its own caches: a fresh profile asks for the page's icon again).
   *
   * @param recordResponses keep Chrome's performance log of network events, for {@link
   *     #responses()}
   */
  DashboardPage(boolean recordResponses) {
    browser =
        HeadlessChromium.start(
            options -> {
              if (recordResponses) {
                LoggingPreferences logs = new LoggingPreferences();
                logs.enable(LogType.PERFORMANCE, Level.ALL);
                options.setCapability("goog:loggingPrefs", logs);
                options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true));
              }
            });
  }

  /** One HTTP response the browser received (from any request: page, script, icon, stream). */
  record Response(String url, int status) {}

  void open(String url) {
    browser.get(url);
  }

  /** This tab's handle. */
  String tab() {
    return browser.getWindowHandle();
  }

  /**
   * Opens {@code url} in a new tab of the same browser and profile (so the tabs share Web Locks and
   * BroadcastChannels, as a user's tabs do) and makes it the current one; returns its handle.
   */
  String openTab(String url) {
    browser.switchTo().newWindow(WindowType.TAB);
    browser.get(url);
    return browser.getWindowHandle();
  }

  /** Makes {@code tab} the one the next commands go to. */
  void switchTo(String tab) {
    browser.switchTo().window(tab);
  }

  /**
   * Closes {@code tab}, as a user closes a tab (its page is unloaded), and goes to {@code next}.
   */
  void closeTab(String tab, String next) {
    browser.switchTo().window(tab);
    browser.close();
    browser.switchTo().window(next);
  }

  /** Runs a script that calls its last argument, the callback, with its result. */
  Object asyncScript(String js) {
    return browser.executeAsyncScript(js);
  }

  String currentUrl() {
    return browser.getCurrentUrl();
  }

  /** Polls the page every 50 ms, from the test thread (one WebDriver command at a time). */
  void waitFor(Callable<Boolean> condition) {
    waitFor(condition, TIMEOUT);
  }

  void waitFor(Callable<Boolean> condition, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .until(condition);
  }

  /** The visible text of the element with this id. */
  String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  /** Types {@code text} into the input with this id, in place of what it held, then Enter. */
  void type(String id, String text) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(text, Keys.ENTER);
  }

  String value(String id) {
    return browser.findElement(By.id(id)).getDomProperty("value");
  }

  /** The visible text of the first element matching the CSS selector. */
  String textOf(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  int count(String css) {
    return browser.findElements(By.cssSelector(css)).size();
  }

  Object script(String js) {
    return browser.executeScript(js);
  }

  long number(String js) {
    return ((Number) script(js)).longValue();
  }

  /** Records the page received ({@code dashboard.received}), in arrival order. */
  List<Delivered> received() {
    List<?> texts = (List<?>) script("return dashboard.received");
    return texts.stream().map(t -> Delivered.parse((String) t)).toList();
  }

  /** Topics ticked in the topic picker. */
  List<String> checkedTopics() {
    List<?> names =
        (List<?>)
            script(
                "return [...document.querySelectorAll('#topic-list input:checked')]"
                    + ".map(i => i.value)");
    return names.stream().map(String.class::cast).toList();
  }

  /**
   * The responses the browser received since the previous call (each is reported once): Chrome's
   * performance log, {@code Network.responseReceived}. Requests the browser makes by itself, such
   * as the page's icon, are in it too.
   */
  List<Response> responses() throws Exception {
    List<Response> responses = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      JsonNode message = JSON.readTree(entry.getMessage()).path("message");
      if (message.path("method").asText().equals("Network.responseReceived")) {
        JsonNode response = message.path("params").path("response");
        responses.add(new Response(response.path("url").asText(), response.path("status").asInt()));
      }
    }
    return responses;
  }

  void resize(int width, int height) {
    browser.manage().window().setSize(new Dimension(width, height));
  }

  void saveScreenshot(Path target) throws Exception {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(target.getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    browser.quit();
  }
}
