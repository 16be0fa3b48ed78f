#!/usr/bin/env bash
# Step 5: ask for a division. divide is the risky tool: the thread waits for a person's approval.
set -euo pipefail
. "$(dirname "$0")/common.sh"

response=$(post "$BASE/thread" '{"message": "can you divide 3 by 4"}')
echo "$response"
id=$(echo "$response" | field thread_id)
echo "$id" > "$STATE/thread_id"
await_status "$id" awaiting_approval
waiting_call "$id" > /dev/null
fetch "$INBOX/function_calls/$(cat "$STATE/call_id")"
echo
