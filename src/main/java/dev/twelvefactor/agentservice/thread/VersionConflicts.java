package dev.twelvefactor.agentservice.thread;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How a durable store runs a change again when another writer stored the row first: the
 * change is written only if the row still has the version it read (as
 * {@link ThreadStore#update} allows), so a loser reads the row again after a short random
 * pause, at most {@value #MAX_ATTEMPTS} times.
 */
public final class VersionConflicts {

	/** How often a change is run again when other writers keep coming first. */
	public static final int MAX_ATTEMPTS = 20;

	private VersionConflicts() {
	}

	/**
	 * Waits before the next attempt: up to twice the attempts in milliseconds, at most
	 * 20, at random, so writers that met do not meet again.
	 * @param attempt the attempt that lost, from 1
	 * @param what what the change was of, for the error if the wait is interrupted
	 */
	public static void backOff(int attempt, String what) {
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1 + Math.min(20, attempt * 2L)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while updating " + what, ex);
		}
	}

}
