package dev.twelvefactor.agentservice.thread;

import java.util.UUID;

/**
 * A write made under a {@link Lease} that another process took over (after it expired),
 * or that ended: nothing was stored, and whoever does the thread's work now goes on.
 */
public class LeaseLost extends RuntimeException {

	public LeaseLost(UUID threadId, Lease lease) {
		super("Thread " + threadId + " is no longer leased to this process as taken at epoch " + lease.epoch()
				+ "; another took its work over, or the work ended.");
	}

}
