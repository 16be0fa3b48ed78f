#!/usr/bin/env bash
# Step 6: reject the division in the local inbox, with a comment. The inbox delivers the
# function_call.completed webhook; the model reads the comment and proposes a new divide.
set -euo pipefail
. "$(dirname "$0")/common.sh"
id=$(cat "$STATE/thread_id")
call=$(cat "$STATE/call_id")

post "$INBOX/agent/function_calls/$call/respond" '{"approved": false, "comment": "use 5 instead of 4"}'
await_status "$id" awaiting_approval
waiting_call "$id" > /dev/null
