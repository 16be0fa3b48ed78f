package dev.twelvefactor.agentservice.inbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import dev.twelvefactor.agentservice.thread.ThreadLimits;

/**
 * A text a person writes into the inbox is no longer than a message a user may send
 * ({@code AGENT_MAX_MESSAGE_LENGTH}): the webhook refuses longer answers, and every poll
 * of the inbox would return a longer escalation.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WithinMessageLength.Validator.class)
@interface WithinMessageLength {

	String message() default "must be at most {maximum} characters long";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/**
	 * Checks the length against the configured maximum.
	 */
	class Validator implements ConstraintValidator<WithinMessageLength, String> {

		private final int maximum;

		Validator(ThreadLimits limits) {
			this.maximum = limits.maxMessageLength();
		}

		@Override
		public boolean isValid(String text, ConstraintValidatorContext context) {
			if (text == null || text.length() <= this.maximum) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context
				.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate()
					.replace("{maximum}", String.valueOf(this.maximum)))
				.addConstraintViolation();
			return false;
		}

	}

}
