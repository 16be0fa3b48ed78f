#!/usr/bin/env bash
# Step 7: approve the new division. The service runs divide with the approved arguments,
# and the agent tells the human it is done (done_for_now, a human contact).
set -euo pipefail
. "$(dirname "$0")/common.sh"
id=$(cat "$STATE/thread_id")
call=$(cat "$STATE/call_id")

post "$INBOX/agent/function_calls/$call/respond" '{"approved": true}'
await_status "$id" awaiting_human_response
waiting_call "$id" > /dev/null
