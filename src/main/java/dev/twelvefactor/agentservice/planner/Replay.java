package dev.twelvefactor.agentservice.planner;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.twelvefactor.agentservice.agent.Calculator;
import dev.twelvefactor.agentservice.agent.Intent;
import dev.twelvefactor.agentservice.agent.InvalidNextStep;
import dev.twelvefactor.agentservice.agent.NextStep;
import dev.twelvefactor.agentservice.agent.Calculation;
import dev.twelvefactor.agentservice.agent.NextStep.DoneForNow;
import dev.twelvefactor.agentservice.agent.NextStep.RequestMoreInformation;
import dev.twelvefactor.agentservice.agent.Refusal;
import dev.twelvefactor.agentservice.thread.Event;

/**
 * What a thread amounts to after replaying its events (the plan left, the steps done, the
 * last result, and any question the events raised), so the next step follows from the
 * whole thread rather than from its last event.
 */
final class Replay {

	private static final Set<String> KNOWN_TYPES = Set.of(Event.USER_INPUT, Event.TOOL_CALL, Event.TOOL_RESPONSE,
			Event.HUMAN_RESPONSE, Event.ERROR);

	/** The steps still to do; the first is the current one. */
	private final List<Step> plan = new ArrayList<>();

	/** The calculations done since the request came in. */
	private final List<Completed> completed = new ArrayList<>();

	/** The calculations a human rejected since the request came in. */
	private final Set<Calculation> rejected = new HashSet<>();

	private BigDecimal result;

	/** The calculation proposed by the last {@code tool_call}, until its outcome. */
	private Calculation proposed;

	/** The intent of the last {@code tool_call}, until a human answers it. */
	private Intent lastCall;

	/** A question the last event raised, which a later event may settle. */
	private String question;

	/** Why the planner stops for now, when nobody answered its question in time. */
	private String unanswered;

	private Replay() {
	}

	static Replay of(List<Event> events) {
		Replay replay = new Replay();
		for (Event event : events) {
			replay.take(event);
		}
		return replay;
	}

	/**
	 * The next step: a question the thread raised, the current step of the plan, or the
	 * summary once the plan is done.
	 * @return the next step
	 */
	NextStep nextStep() {
		if (this.question != null) {
			return new RequestMoreInformation(this.question);
		}
		if (this.unanswered != null) {
			return new DoneForNow(this.unanswered);
		}
		if (this.plan.isEmpty()) {
			return this.completed.isEmpty() ? new RequestMoreInformation(Wording.CAPABILITIES)
					: new DoneForNow(Wording.summary(this.completed));
		}
		Step current = current();
		if (!current.isReady()) {
			return new RequestMoreInformation(Wording.missing(current));
		}
		Calculation calculation = Step.normalized(current.toCalculation());
		return this.rejected.contains(calculation) ? new RequestMoreInformation(Wording.alreadyRejected(calculation))
				: calculation.toStep();
	}

	private void take(Event event) {
		String type = String.valueOf(event.type());
		if (!KNOWN_TYPES.contains(type)) {
			return; // an event this planner does not know changes nothing
		}
		this.question = null;
		this.unanswered = null;
		Object data = event.data();
		switch (type) {
			case Event.USER_INPUT -> newRequest(text(data), Wording.CAPABILITIES);
			case Event.TOOL_CALL -> toolCall(data);
			case Event.TOOL_RESPONSE -> toolResponse(data);
			case Event.HUMAN_RESPONSE -> humanResponse(text(data));
			case Event.ERROR -> error(text(data));
		}
	}

	private void newRequest(String text, String ifNoArithmetic) {
		this.plan.clear();
		this.completed.clear();
		this.rejected.clear();
		this.proposed = null;
		List<Step> steps = RequestParser.steps(text);
		if (steps.isEmpty()) {
			this.question = ifNoArithmetic;
		}
		this.plan.addAll(steps);
	}

	private void toolCall(Object data) {
		NextStep step = readStep(data);
		if (step == null) {
			return;
		}
		this.lastCall = Intent.of(step.intent()).orElse(null);
		this.proposed = Calculation.of(step).map(Step::normalized).orElse(null);
		if (this.proposed != null) {
			// the call is what actually runs, whatever the plan said
			if (this.plan.isEmpty()) {
				this.plan.add(Step.of(this.proposed));
			}
			else {
				this.plan.set(0, Step.of(this.proposed));
			}
		}
	}

	private void toolResponse(Object data) {
		Optional<BigDecimal> value = Calculator.number(data);
		if (value.isPresent()) {
			complete(value.get());
			return;
		}
		String text = text(data).strip();
		Refusal refusal = Refusal.parse(text).orElse(null);
		if (refusal instanceof Refusal.Denied denied) {
			rejection(denied.feedback());
		}
		else if (refusal instanceof Refusal.NotApproved) {
			notApproved();
		}
		else if (refusal instanceof Refusal.NoAnswer && this.lastCall == Intent.REQUEST_MORE_INFORMATION) {
			this.unanswered = Wording.UNANSWERED;
		}
		else {
			error(text);
		}
	}

	private void complete(BigDecimal value) {
		this.result = Calculator.plain(value);
		if (this.proposed != null) {
			this.completed.add(new Completed(this.proposed, this.result));
			this.plan.remove(0);
			this.proposed = null;
		}
	}

	private void rejection(String comment) {
		Calculation call = this.proposed;
		this.proposed = null;
		if (call == null) {
			this.question = Wording.rejected(comment);
			return;
		}
		this.rejected.add(call);
		if (comment.isBlank() || !answer(comment)) {
			this.question = Wording.rejected(call, comment);
		}
	}

	/**
	 * Nobody decided in time: the numbers may be right, so the planner neither blames
	 * them nor proposes the same call unasked, but asks whether to try again.
	 */
	private void notApproved() {
		if (this.proposed != null) {
			this.question = Wording.notApproved(this.proposed);
			this.proposed = null;
		}
	}

	private void error(String message) {
		if (this.proposed != null) {
			this.question = Wording.failed(this.proposed, message);
			this.proposed = null;
		}
	}

	private void humanResponse(String text) {
		Intent asked = this.lastCall;
		this.lastCall = null;
		if (asked == Intent.DONE_FOR_NOW) {
			newRequest(text, Wording.whatElse(this.result));
		}
		else if (this.plan.isEmpty()) {
			newRequest(text, Wording.CAPABILITIES);
		}
		else if (!answer(text)) {
			this.question = Wording.noNumber(text, current());
		}
	}

	/**
	 * Applies a human's answer to the current step: a new request replaces the plan,
	 * numbers fill or replace operands.
	 * @return false when the answer holds neither
	 */
	private boolean answer(String text) {
		Step current = current();
		List<Step> request = RequestParser.steps(text);
		if (!request.isEmpty() && isNewPlan(request, current)) {
			this.plan.clear();
			this.plan.addAll(request);
			return true;
		}
		Optional<RequestParser.Swap> swap = RequestParser.swap(text);
		if (swap.isPresent()) {
			swap(current, swap.get());
			return true;
		}
		List<BigDecimal> numbers = RequestParser.numbers(text);
		if (numbers.isEmpty()) {
			return false;
		}
		this.plan.set(0, current.fill(numbers));
		return true;
	}

	/**
	 * Whether an answer that names an operation asks for something new, rather than
	 * correcting the current step ("divide by 5 instead").
	 */
	private static boolean isNewPlan(List<Step> request, Step current) {
		Step first = request.get(0);
		return request.size() > 1 || !first.continued() || first.intent() != current.intent();
	}

	private void swap(Step current, RequestParser.Swap swap) {
		if (current.has(swap.target())) {
			this.plan.set(0, current.replace(swap.target(), swap.replacement()));
		}
		else if (!current.isReady()) {
			this.plan.set(0, current.fill(List.of(swap.replacement())));
		}
		else {
			this.question = Wording.notAnOperand(current.toCalculation(), swap.target());
		}
	}

	private Step current() {
		return this.plan.get(0).resolve(this.result);
	}

	/**
	 * Reads a {@code tool_call}; one this planner cannot read is skipped.
	 */
	private static NextStep readStep(Object data) {
		if (!(data instanceof Map<?, ?> map)) {
			return null;
		}
		try {
			return NextStep.fromData(map);
		}
		catch (InvalidNextStep | IllegalArgumentException ex) {
			return null;
		}
	}

	private static String text(Object data) {
		return (data != null) ? data.toString() : "";
	}

	/**
	 * A calculation that ran, with its result.
	 *
	 * @param calculation what was calculated
	 * @param result what came of it
	 */
	record Completed(Calculation calculation, BigDecimal result) {

	}

}
