package dev.twelvefactor.agentservice.pages;

import dev.twelvefactor.agentservice.flow.GuardedServiceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code AGENT_API_TOKEN} set, the pages ask for the token once and then work as
 * without it, the live thread page included.
 */
@GuardedServiceTest
class PagesWithApiTokenTests {

	@LocalServerPort
	private int port;

	private Browser browser;

	private WebDriver driver;

	@BeforeEach
	void openBrowser() {
		this.browser = Browser.open();
		this.driver = this.browser.driver();
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void thePagesAskForTheTokenThenFollowAThreadLive() {
		this.driver.get("http://localhost:" + this.port + "/");
		this.browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("token-form")));
		assertThat(this.driver.findElement(By.cssSelector("label[for=api-token]")).getText()).isEqualTo("API token");
		this.driver.findElement(By.id("api-token")).sendKeys(GuardedServiceTest.TOKEN);
		this.driver.findElement(By.cssSelector("#token-form button")).click();
		this.browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("token-form")));

		this.driver.findElement(By.id("message")).sendKeys("can you multiply 3 and 4?");
		this.driver.findElement(By.id("launch-button")).click();

		this.browser.waiting()
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Waiting for a reply"));
		assertThat(this.driver.findElements(By.cssSelector("#events > li"))).hasSize(4);
		assertThat(this.driver.findElements(By.id("token-form"))).isEmpty();
	}

}
