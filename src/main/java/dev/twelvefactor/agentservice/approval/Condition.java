package dev.twelvefactor.agentservice.approval;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.MethodExecutor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OperatorMatches;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.DataBindingMethodResolver;
import org.springframework.expression.spel.support.MapAccessor;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * When a rule asks for approval: {@code always}, {@code never}, or a SpEL expression on
 * the call's arguments ({@code amount > 100}). An expression is read at startup and
 * refused there if it reaches beyond the arguments: no type references, bean references,
 * constructors, assignments, functions or variables, no regular expressions, and no
 * methods but a few on strings and collections. It runs in a read-only
 * {@link SimpleEvaluationContext} whose root is the arguments, so a name is an argument.
 */
sealed interface Condition {

	/** Methods an expression may call, on strings, collections and maps only. */
	Set<String> SAFE_METHODS = Set.of("startsWith", "endsWith", "contains", "containsKey", "isEmpty", "isBlank",
			"length", "size", "toLowerCase", "toUpperCase", "strip", "trim", "equalsIgnoreCase");

	/**
	 * The condition as the policy writes it and {@code GET /tools} shows it.
	 * @return {@code always}, {@code never} or the expression
	 */
	String text();

	/**
	 * Whether a call with these arguments needs approval.
	 * @param arguments the call's checked arguments
	 * @return true when a person must approve it
	 * @throws EvaluationException when the expression cannot be evaluated on them
	 */
	boolean requires(Map<String, Object> arguments);

	/**
	 * Reads a rule's condition.
	 * @param text {@code always}, {@code never} or an expression
	 * @return the condition
	 * @throws IllegalArgumentException when the expression cannot be read or is not
	 * allowed, with the reason
	 */
	static Condition parse(String text) {
		String condition = text.strip();
		if (condition.isEmpty()) {
			throw new IllegalArgumentException("the condition is empty; write always, never or an expression");
		}
		if (condition.equals("always")) {
			return new Always();
		}
		if (condition.equals("never")) {
			return new Never();
		}
		return When.parse(condition);
	}

	/**
	 * Every call needs approval.
	 */
	record Always() implements Condition {

		@Override
		public String text() {
			return "always";
		}

		@Override
		public boolean requires(Map<String, Object> arguments) {
			return true;
		}

	}

	/**
	 * No call needs approval.
	 */
	record Never() implements Condition {

		@Override
		public String text() {
			return "never";
		}

		@Override
		public boolean requires(Map<String, Object> arguments) {
			return false;
		}

	}

	/**
	 * A call needs approval when the expression is true for its arguments.
	 *
	 * @param text the expression
	 * @param expression the parsed expression
	 */
	record When(String text, Expression expression) implements Condition {

		private static final SpelExpressionParser parser = new SpelExpressionParser();

		private static final List<Class<? extends SpelNode>> FORBIDDEN = List.of(TypeReference.class,
				BeanReference.class, ConstructorReference.class, Assign.class, FunctionReference.class,
				VariableReference.class, OperatorMatches.class);

		static When parse(String text) {
			SpelExpression expression;
			try {
				expression = parser.parseRaw(text);
			}
			catch (ParseException ex) {
				throw new IllegalArgumentException(
						"the condition \"" + text + "\" is no expression: " + ex.getSimpleMessage(), ex);
			}
			check(text, expression.getAST());
			return new When(text, expression);
		}

		private static void check(String text, SpelNode node) {
			for (Class<? extends SpelNode> forbidden : FORBIDDEN) {
				if (forbidden.isInstance(node)) {
					throw new IllegalArgumentException("the condition \"" + text + "\" uses " + describe(node)
							+ ", which a condition may not; it may read the arguments by name, compare them and "
							+ "call only " + String.join(", ", SAFE_METHODS.stream().sorted().toList()));
				}
			}
			if (node instanceof MethodReference method && !SAFE_METHODS.contains(method.getName())) {
				throw new IllegalArgumentException("the condition \"" + text + "\" calls " + method.getName()
						+ "(), which a condition may not; it may call only "
						+ String.join(", ", SAFE_METHODS.stream().sorted().toList()));
			}
			for (int i = 0; i < node.getChildCount(); i++) {
				check(text, node.getChild(i));
			}
		}

		private static String describe(SpelNode node) {
			String kind = node.getClass().getSimpleName();
			return switch (kind) {
				case "TypeReference" -> "a type reference (" + node.toStringAST() + ")";
				case "BeanReference" -> "a bean reference (" + node.toStringAST() + ")";
				case "ConstructorReference" -> "a constructor (" + node.toStringAST() + ")";
				case "Assign" -> "an assignment";
				case "FunctionReference", "VariableReference" -> "a variable or function (" + node.toStringAST() + ")";
				default -> "a regular expression (matches)";
			};
		}

		@Override
		public boolean requires(Map<String, Object> arguments) {
			EvaluationContext context = SimpleEvaluationContext.forPropertyAccessors(new MapAccessor(false))
				.withMethodResolvers(new SafeMethods())
				.withAssignmentDisabled()
				.withRootObject(arguments)
				.build();
			Boolean result = this.expression.getValue(context, Boolean.class);
			if (result == null) {
				throw new IllegalStateException("the condition \"" + this.text + "\" gave no true or false");
			}
			return result;
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

	/**
	 * Resolves only the safe methods, and only on strings, collections and maps.
	 */
	final class SafeMethods implements MethodResolver {

		private final MethodResolver delegate = DataBindingMethodResolver.forInstanceMethodInvocation();

		@Override
		public MethodExecutor resolve(EvaluationContext context, Object target, String name,
				List<TypeDescriptor> argumentTypes) throws AccessException {
			boolean safeTarget = target instanceof String || target instanceof Collection<?>
					|| target instanceof Map<?, ?>;
			if (!safeTarget || !SAFE_METHODS.contains(name)) {
				return null;
			}
			return this.delegate.resolve(context, target, name, argumentTypes);
		}

	}

}
