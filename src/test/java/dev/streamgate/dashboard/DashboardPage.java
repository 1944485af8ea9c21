package dev.streamgate.dashboard;

import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/** The dashboard in headless Chromium, read the way the browser tests need it. */
final class DashboardPage implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(45);

  private final ChromeDriver browser = HeadlessChromium.start();

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
