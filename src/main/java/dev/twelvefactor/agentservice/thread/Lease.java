package dev.twelvefactor.agentservice.thread;

/**
 * The right to do the work a thread owes, as this process held it when it began that
 * work: a write made under it is refused once another process took the work over, so a
 * process that stalled past its lease never overwrites what the new holder does.
 *
 * @param epoch which taking of the thread's work it is; each taking counts one up
 */
public record Lease(long epoch) {

	/**
	 * The lease of a store that one process holds alone, where nobody else can take work
	 * over.
	 */
	public static final Lease SOLE = new Lease(0);

}
