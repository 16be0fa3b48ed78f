package dev.twelvefactor.agentservice.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code @NotBlank} where blank means only Unicode whitespace: no-break spaces, the
 * ideographic space and the line separators count as blank too.
 */
class UnicodeNotBlankValidator implements ConstraintValidator<NotBlank, CharSequence> {

	private static final int NEXT_LINE = 0x85;

	@Override
	public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
		return value != null && !value.codePoints().allMatch(UnicodeNotBlankValidator::isWhitespace);
	}

	private static boolean isWhitespace(int codePoint) {
		return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == NEXT_LINE;
	}

}
