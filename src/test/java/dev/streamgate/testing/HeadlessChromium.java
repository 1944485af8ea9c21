package dev.streamgate.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for the tests: Debian's chromium driven through Debian's chromedriver, both named
 * by path so Selenium Manager never looks for (or downloads) a browser or a driver. .ci/run
 * installs both packages.
 */
public final class HeadlessChromium {

  public static final Path BROWSER = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Starts a headless browser whose window is the size of a laptop screen. */
  public static ChromeDriver start() {
    return start(options -> {});
  }

  /** The same, with more options (e.g. Chrome's performance log, to see every response). */
  public static ChromeDriver start(Consumer<ChromeOptions> more) {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException(
          "The browser tests need Debian's chromium and chromium-driver: "
              + "apt-get install chromium chromium-driver (.ci/run does)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--window-size=1440,900");
    more.accept(options);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    return new ChromeDriver(service, options);
  }
}
