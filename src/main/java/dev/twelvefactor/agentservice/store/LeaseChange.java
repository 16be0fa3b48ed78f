package dev.twelvefactor.agentservice.store;

import dev.twelvefactor.agentservice.thread.AgentThread;
import dev.twelvefactor.agentservice.thread.ThreadStatus;

/**
 * What a write does to the lease: a thread that comes to owe work is leased to this
 * replica, which does it, and so is one whose loop this write starts again (an answer to
 * a request its holder is still sending); one that still owes the same work keeps its
 * holder, which does it, and a write of the holder's extends its lease; one that owes
 * none is held by nobody.
 */
enum LeaseChange {

	RELEASE, KEEP, TAKE;

	static LeaseChange of(AgentThread current, AgentThread next, String holder) {
		if (!next.owesWork()) {
			return RELEASE;
		}
		boolean resumes = next.status() == ThreadStatus.RUNNING && current.status() != ThreadStatus.RUNNING;
		return (current.owesWork() && holder != null && !resumes) ? KEEP : TAKE;
	}

}
