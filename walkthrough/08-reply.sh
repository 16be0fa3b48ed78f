#!/usr/bin/env bash
# Step 8: reply to the done_for_now message. A reply is a human_contact.completed webhook too,
# and it continues the same thread.
set -euo pipefail
. "$(dirname "$0")/common.sh"
id=$(cat "$STATE/thread_id")
call=$(cat "$STATE/call_id")
REPLY="${1:-now add 5 to that}"

post "$INBOX/agent/human_contacts/$call/respond" "{\"response\": \"$REPLY\"}"
await_status "$id" awaiting_human_response
