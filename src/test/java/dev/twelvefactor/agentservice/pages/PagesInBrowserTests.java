package dev.twelvefactor.agentservice.pages;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The human side in a real browser: launch from the start page, answer in the inbox, and
 * watch the thread page follow along without a reload. Screenshots land in
 * {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesInBrowserTests {

	private static final String INBOX = "/local/humanlayer/v1";

	private static final int PHONE = 390;

	private static final int DESKTOP = 1280;

	@LocalServerPort
	private int port;

	@Autowired
	private RestTestClient http;

	private Browser browser;

	private WebDriver driver;

	@BeforeAll
	void openBrowser() {
		this.browser = Browser.open();
		this.driver = this.browser.driver();
	}

	@AfterEach
	void resetBrowser() {
		this.browser.reset();
	}

	@AfterAll
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void aDivideIsRejectedThenApprovedInTheInboxWhileTheThreadPageFollowsLive() {
		String threadId = launch("can you divide 3 by 4");
		String threadWindow = this.driver.getWindowHandle();
		this.browser.script("window.notReloaded = true");
		awaitStatus("Waiting for approval");
		assertThat(event(1).getText()).contains("divide(a: 3, b: 4)");
		this.browser.screenshot("thread-awaiting-approval-desktop", DESKTOP);

		this.driver.switchTo().newWindow(WindowType.TAB);
		this.driver.get(url("/inbox"));
		WebElement first = inboxItem(threadId, "function_call");
		assertThat(first.findElement(By.cssSelector("code.fn")).getText()).isEqualTo("divide");
		assertThat(argument(first, "a")).isEqualTo("3");
		assertThat(argument(first, "b")).isEqualTo("4");
		assertThat(labelOf(first.findElement(By.cssSelector("textarea[name=comment]"))))
			.isEqualTo("Comment (sent to the agent if you reject)");
		this.browser.screenshot("inbox-approval-desktop", DESKTOP);
		this.browser.screenshot("inbox-approval-phone", PHONE);
		first.findElement(By.cssSelector("textarea[name=comment]")).sendKeys("use 5 instead of 4");
		first.findElement(By.cssSelector("button.reject")).click();
		this.browser.waiting().until(ExpectedConditions.stalenessOf(first));

		WebElement second = inboxItem(threadId, "function_call");
		assertThat(argument(second, "a")).isEqualTo("3");
		assertThat(argument(second, "b")).isEqualTo("5");
		second.findElement(By.cssSelector("button.approve")).click();
		this.browser.waiting().until(ExpectedConditions.stalenessOf(second));
		WebElement done = inboxItem(threadId, "human_contact");
		assertThat(done.findElement(By.cssSelector(".message")).getText()).contains("0.6");
		this.browser.screenshot("inbox-done-for-now-desktop", DESKTOP);

		this.driver.switchTo().window(threadWindow);
		awaitStatus("Waiting for a reply");
		this.browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#events > li"), 6));
		assertThat(this.driver.findElements(By.cssSelector("#events > li")))
			.extracting((item) -> item.getAttribute("data-type"))
			.containsExactly("user_input", "tool_call", "tool_response", "tool_call", "tool_response", "tool_call");
		assertThat(event(2).getText()).contains("Rejected", "use 5 instead of 4");
		assertThat(event(3).getText()).contains("divide(a: 3, b: 5)");
		assertThat(event(4).findElement(By.cssSelector(".result")).getText()).isEqualTo("0.6");
		assertThat(event(4).getText()).contains("Approved", "the local inbox");
		assertThat(event(5).getText()).contains("0.6");
		assertThat(this.browser.script("return window.notReloaded")).isEqualTo(true);
		this.browser.screenshot("thread-done-desktop", DESKTOP);
		this.browser.screenshot("thread-done-phone", PHONE);
	}

	@Test
	void aReplyInTheInboxContinuesTheThread() {
		String threadId = launch("can you multiply 3 and 4?");
		awaitStatus("Waiting for a reply");

		this.driver.get(url("/inbox"));
		WebElement contact = inboxItem(threadId, "human_contact");
		assertThat(contact.findElement(By.cssSelector(".message")).getText()).contains("12");
		WebElement answer = contact.findElement(By.cssSelector("textarea[name=response]"));
		assertThat(labelOf(answer)).isEqualTo("Your answer");
		answer.sendKeys("now add 5 to that");
		contact.findElement(By.cssSelector("button.send")).click();
		this.browser.waiting().until(ExpectedConditions.stalenessOf(contact));
		assertThat(inboxItem(threadId, "human_contact").findElement(By.cssSelector(".message")).getText())
			.contains("17");

		this.driver.get(url("/threads/" + threadId));
		this.browser.waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#events > li"), 8));
		assertThat(event(4).getText()).contains("Human answered", "now add 5 to that");
	}

	@Test
	void theThreadPageCancelsAWaitingThreadForGood() {
		String threadId = launch("can you divide 3 by 4");
		awaitStatus("Waiting for approval");
		WebElement reason = this.driver.findElement(By.id("cancel-reason"));
		assertThat(labelOf(reason)).isEqualTo("Reason for cancelling (optional)");

		reason.sendKeys("asked for the wrong numbers");
		this.driver.findElement(By.id("cancel-button")).click();

		awaitStatus("Cancelled");
		WebElement cancelled = this.driver.findElement(By.id("cancelled"));
		assertThat(cancelled.getText()).contains("Cancelled by the thread page", "asked for the wrong numbers");
		assertThat(this.driver.findElement(By.id("cancel-form")).isDisplayed()).isFalse();
		assertThat(this.driver.findElement(By.id("waiting")).isDisplayed()).isFalse();
		this.browser.screenshot("thread-cancelled-desktop", DESKTOP);
		this.driver.navigate().refresh();
		awaitStatus("Cancelled");
		assertThat(this.driver.findElement(By.id("cancelled")).getText()).contains("asked for the wrong numbers");
		assertThat(this.driver.findElement(By.id("thread-id")).getText()).isEqualTo(threadId);
	}

	@Test
	void theInboxShowsTheChannelAndOffersTheCallsOptions() {
		String contactId = "human_call-" + UUID.randomUUID();
		create("/contact_requests", "{\"run_id\":\"sdk\",\"call_id\":\"" + contactId + "\",\"spec\":{"
				+ "\"msg\":\"Send the invoice now, or hold it?\",\"subject\":\"Invoice for Acme\","
				+ "\"channel\":{\"email\":{\"address\":\"finance@example.com\",\"additional_recipients\":"
				+ "[{\"address\":\"cfo@example.com\",\"field\":\"cc\"}]}},"
				+ "\"response_options\":[{\"name\":\"send\",\"title\":\"Send it\",\"prompt_fill\":\"send it now\"},"
				+ "{\"name\":\"hold\",\"title\":\"Hold it\",\"description\":\"until the numbers are checked\"}]}}");
		String approvalId = "call-" + UUID.randomUUID();
		create("/function_calls", "{\"run_id\":\"sdk\",\"call_id\":\"" + approvalId + "\",\"spec\":{"
				+ "\"fn\":\"divide\",\"kwargs\":{\"a\":3,\"b\":4},"
				+ "\"channel\":{\"slack\":{\"channel_or_user_id\":\"C07HR5JL15F\",\"thread_ts\":\"1717.01\"}},"
				+ "\"reject_options\":[{\"name\":\"another_number\",\"title\":\"Use another number\","
				+ "\"prompt_fill\":\"use this number instead: \"},{\"name\":\"not_now\",\"title\":\"Not now\"}]}}");

		this.driver.get(url("/inbox"));
		WebElement contact = pendingItem(contactId);
		assertThat(contact.findElement(By.cssSelector(".channel")).getText()).contains("email to finance@example.com",
				"cc cfo@example.com");
		assertThat(contact.findElement(By.cssSelector(".subject")).getText()).contains("Invoice for Acme");
		assertThat(contact.findElements(By.cssSelector(".options label"))).extracting(WebElement::getText)
			.containsExactly("None of these", "Send it", "Hold it");
		WebElement approval = pendingItem(approvalId);
		assertThat(approval.findElement(By.cssSelector(".channel")).getText()).contains("Slack C07HR5JL15F",
				"thread 1717.01");
		this.browser.screenshot("inbox-options-desktop", DESKTOP);
		this.browser.screenshot("inbox-options-phone", PHONE);

		contact.findElement(By.cssSelector("input[data-option='send']")).click();
		assertThat(contact.findElement(By.cssSelector("textarea[name=response]")).getAttribute("value"))
			.isEqualTo("send it now");
		contact.findElement(By.cssSelector("button.send")).click();
		this.browser.waiting().until(ExpectedConditions.stalenessOf(contact));
		approval.findElement(By.cssSelector("input[data-option='another_number']")).click();
		approval.findElement(By.cssSelector("textarea[name=comment]")).sendKeys("5");
		approval.findElement(By.cssSelector("button.reject")).click();
		this.browser.waiting().until(ExpectedConditions.stalenessOf(approval));

		JsonNode replied = read("/contact_requests/" + contactId).get("status");
		assertThat(replied.get("response").asString()).isEqualTo("send it now");
		assertThat(replied.get("response_option_name").asString()).isEqualTo("send");
		JsonNode rejected = read("/function_calls/" + approvalId).get("status");
		assertThat(rejected.get("approved").asBoolean()).isFalse();
		assertThat(rejected.get("comment").asString()).isEqualTo("use this number instead: 5");
		assertThat(rejected.get("reject_option_name").asString()).isEqualTo("another_number");
	}

	@Test
	void aMessageWithMarkupAndScriptShowsAsText() {
		String message = "<script>window.injected = true</script><img src=x onerror=\"window.injected = true\">"
				+ "<b>can you multiply 3 and 4?</b>";
		String threadId = launch(message);

		this.browser.waiting()
			.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#events > li"), 1));
		assertThat(event(0).findElement(By.cssSelector(".text")).getText()).isEqualTo(message);
		assertNothingInjected("#events");

		this.driver.get(url("/"));
		WebElement listed = this.browser.waiting()
			.until(ExpectedConditions
				.presenceOfElementLocated(By.cssSelector("#recent li[data-thread-id='" + threadId + "'] a")));
		assertThat(listed.getText()).isEqualTo(message);
		assertNothingInjected("#recent");
		this.browser.screenshot("threads-desktop", DESKTOP);
		this.browser.screenshot("threads-phone", PHONE);
	}

	@Test
	void aThreadBegunByEmailShowsWhereItCameFromAndWhereItAnswers() {
		JsonNode started = this.http.post()
			.uri("/webhook")
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"type":"agent_email.received","is_test":false,
					 "event":{"from_address":"user@example.com","to_address":"agent@humanlayer.dev","subject":"Numbers",
					          "body":"can you multiply 3 and 4?","message_id":"<%s@mail.example.com>"}}
					""".formatted(UUID.randomUUID()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		this.driver.get(url("/threads/" + started.get("thread_id").asString()));

		this.browser.waiting()
			.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#events > li"), 1));
		assertThat(event(0).getText()).contains("The user wrote", "can you multiply 3 and 4?",
				"by email from user@example.com · subject “Numbers”");
		this.browser.waiting()
			.until(ExpectedConditions.textToBe(By.id("channel"),
					"Requests go by email to user@example.com, as “Re: Numbers”."));
	}

	/**
	 * Launches a thread from the start page's form, which opens the thread's page.
	 * @return the thread's id
	 */
	private String launch(String message) {
		this.driver.get(url("/"));
		WebElement field = this.driver.findElement(By.id("message"));
		assertThat(labelOf(field)).isEqualTo("Your message");
		field.sendKeys(message);
		this.driver.findElement(By.id("launch-button")).click();
		this.browser.waiting().until(ExpectedConditions.urlMatches("/threads/[0-9a-f-]{36}$"));
		String url = this.driver.getCurrentUrl();
		return url.substring(url.lastIndexOf('/') + 1);
	}

	private void awaitStatus(String label) {
		this.browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), label));
	}

	private WebElement event(int index) {
		return this.driver.findElement(By.cssSelector("#events > li[data-index='" + index + "']"));
	}

	private void create(String path, String call) {
		this.http.post()
			.uri(INBOX + path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(call)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private JsonNode read(String path) {
		return this.http.get()
			.uri(INBOX + path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private WebElement pendingItem(String callId) {
		return this.browser.waiting()
			.until(ExpectedConditions
				.presenceOfElementLocated(By.cssSelector("#inbox > li[data-call-id='" + callId + "']")));
	}

	/** The pending inbox item of the given kind that links to the given thread. */
	private WebElement inboxItem(String threadId, String kind) {
		return this.browser.waiting()
			.until(ExpectedConditions.presenceOfElementLocated(By
				.xpath("//ol[@id='inbox']/li[@data-kind='" + kind + "'][.//a[@href='/threads/" + threadId + "']]")));
	}

	private static String argument(WebElement item, String name) {
		return item.findElement(By.cssSelector("dd[data-argument='" + name + "']")).getText();
	}

	private String labelOf(WebElement control) {
		return this.driver.findElement(By.cssSelector("label[for='" + control.getAttribute("id") + "']")).getText();
	}

	private void assertNothingInjected(String container) {
		assertThat(this.browser.script("return window.injected")).isNull();
		List<WebElement> injected = this.driver
			.findElements(By.cssSelector(container + " script, " + container + " img, " + container + " b"));
		assertThat(injected).isEmpty();
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}
