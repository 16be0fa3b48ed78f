package dev.twelvefactor.agentservice.pages;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the human side's pages, plain static files in {@code static/}, at the paths
 * people type and share: {@code /} (launch and recent threads), {@code /inbox} and
 * {@code /threads/{id}}.
 */
@Configuration(proxyBeanMethods = false)
class PageRoutes implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/threads", "/");
		registry.addViewController("/inbox").setViewName("forward:/inbox.html");
		registry.addViewController("/threads/{id}").setViewName("forward:/thread.html");
	}

}
