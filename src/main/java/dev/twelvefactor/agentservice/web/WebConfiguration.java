package dev.twelvefactor.agentservice.web;

import jakarta.validation.constraints.NotBlank;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.cfg.ConstraintMapping;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The edge every request crosses: what a client must accept, what counts as blank text,
 * and the shape of the errors the server sends itself.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AcceptCheck()).order(Ordered.LOWEST_PRECEDENCE);
	}

	/**
	 * Makes {@code @NotBlank} refuse text of only Unicode whitespace (such as no-break
	 * spaces), which the standard check, trimming only ASCII spaces, lets through.
	 * @return the customizer
	 */
	@Bean
	ValidationConfigurationCustomizer unicodeBlank() {
		return (configuration) -> {
			if (configuration instanceof HibernateValidatorConfiguration hibernate) {
				ConstraintMapping mapping = hibernate.createConstraintMapping();
				mapping.constraintDefinition(NotBlank.class)
					.includeExistingValidators(false)
					.validatedBy(UnicodeNotBlankValidator.class);
				hibernate.addMapping(mapping);
			}
		};
	}

	/**
	 * Puts {@link ProblemReportValve} where Tomcat's HTML error report valve was.
	 * @return the customizer
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReports() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			Container parent = context.getParent();
			if (parent instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemReportValve.class.getName());
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
						host.getPipeline().removeValve(valve);
					}
				}
			}
		});
	}

}
