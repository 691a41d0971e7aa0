package io.github.micrograd4j.viz;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium through Selenium, with the browser and its driver given by path (Debian's {@code chromium}
 * and {@code chromium-driver}: {@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; override with
 * {@code -Dchromium.binary=...} and {@code -Dchromium.driver=...}), so that Selenium Manager never looks for, or
 * downloads, either. Every background service that could reach the network is switched off, and the profile is
 * a fresh directory.
 */
final class Chromium {

    static final String BINARY = System.getProperty("chromium.binary", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("chromium.driver", "/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Starts a headless browser with a window of the given size, logging the console and the network. */
    static ChromeDriver start(Path profile, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--hide-scrollbars", "--force-device-scale-factor=1"));
        // the console and the network events (java.util.logging's Level is not needed for this map form)
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL", "performance", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
