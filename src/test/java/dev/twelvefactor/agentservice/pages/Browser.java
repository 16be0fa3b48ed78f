package dev.twelvefactor.agentservice.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's headless Chromium driven through its ChromeDriver, both at fixed paths so that
 * Selenium Manager never tries to download a browser on this closed network, with a fresh
 * profile each time. A test class starts one and resets it between its tests, since a
 * start costs more than most of those tests.
 */
final class Browser implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Path CHROMIUM = Path.of(envOr("CHROME_BIN", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path.of(envOr("CHROMEDRIVER", "/usr/bin/chromedriver"));

	private static final Dimension DESKTOP = new Dimension(1280, 900);

	/**
	 * The tallest screenshot, in CSS pixels: three desktop screens. The inbox of a shared
	 * test context holds the calls of every test before, and capturing all of them
	 * (38,000 pixels) cost more than any other step of the suite.
	 */
	private static final int MAX_SCREENSHOT_HEIGHT = 3 * 900;

	private final ChromeDriver driver;

	private final Path profile;

	private final String firstWindow;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
		this.firstWindow = driver.getWindowHandle();
	}

	/**
	 * Starts Chromium with a ChromeDriver of its own, which quitting stops; fails the
	 * test (never skips it) when the browser is not installed.
	 * @return the browser
	 */
	static Browser open() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			fail("The browser tests need Chromium at " + CHROMIUM + " and ChromeDriver at " + CHROMEDRIVER
					+ ": install them with 'apt-get install -y chromium chromium-driver' (.ci/run does),"
					+ " or point CHROME_BIN and CHROMEDRIVER at them.");
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		try {
			Path profile = Files.createTempDirectory("chromium-profile-");
			ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
				.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
						"--disable-background-networking", "--disable-component-update", "--disable-sync",
						"--disable-dev-shm-usage", "--disable-background-timer-throttling",
						"--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
						"--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight(),
						"--user-data-dir=" + profile);
			return new Browser(new ChromeDriver(service, options), profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Leaves the browser as a new one would be for the next test: one blank window,
	 * whichever windows the last test opened closed.
	 */
	void reset() {
		for (String window : this.driver.getWindowHandles()) {
			if (!window.equals(this.firstWindow)) {
				this.driver.switchTo().window(window).close();
			}
		}
		this.driver.switchTo().window(this.firstWindow);
		this.driver.get("about:blank");
	}

	ChromeDriver driver() {
		return this.driver;
	}

	WebDriverWait waiting() {
		return new WebDriverWait(this.driver, Duration.ofSeconds(15));
	}

	Object script(String script) {
		return ((JavascriptExecutor) this.driver).executeScript(script);
	}

	/**
	 * Saves the page as it looks on a screen of the given width, under
	 * {@code target/screenshots/}, from its top down to its end or to three desktop
	 * screens, whichever comes first; a narrow screen is emulated as a phone.
	 * @param name the file's name, without {@code .png}
	 * @param width the screen's width in CSS pixels: 390 for a phone
	 */
	void screenshot(String name, int width) {
		boolean phone = width < DESKTOP.getWidth();
		this.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height",
				phone ? 844 : DESKTOP.getHeight(), "deviceScaleFactor", 1, "mobile", phone));
		try {
			int height = Math.min(((Number) script("return document.documentElement.scrollHeight")).intValue(),
					MAX_SCREENSHOT_HEIGHT);
			Map<String, Object> shot = this.driver.executeCdpCommand("Page.captureScreenshot",
					Map.of("format", "png", "captureBeyondViewport", true, "clip",
							Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try {
				FileSystemUtils.deleteRecursively(this.profile);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
