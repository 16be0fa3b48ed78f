#!/usr/bin/env bash
# Step 3: the question, as HumanLayer would hold it: here the local inbox, HumanLayer's API
# served by the service itself. spec.state.thread_id is how the answer finds its thread.
set -euo pipefail
. "$(dirname "$0")/common.sh"

fetch "$INBOX/agent/human_contacts/pending"
echo
echo "the thread waits for: $(cat "$STATE/call_id")"
