#!/usr/bin/env bash
# Step 4: answer by hand: post to /webhook exactly what HumanLayer posts when a person replies.
# (With HUMANLAYER_WEBHOOK_SECRET set, unsigned deliveries like this one are refused with 401.)
set -euo pipefail
. "$(dirname "$0")/common.sh"
id=$(cat "$STATE/thread_id")
call=$(cat "$STATE/call_id")
ANSWER="${1:-lets try 12 instead}"

envelope='{"type": "human_contact.completed", "is_test": false,
  "event": {"run_id": "12fa-agent", "call_id": "'"$call"'",
    "spec": {"msg": "Which number did you mean?", "state": {"thread_id": "'"$id"'"}},
    "status": {"responded_at": "2026-01-01T12:00:00Z", "response": "'"$ANSWER"'"}}}'
echo "$envelope"
post "$BASE/webhook" "$envelope"
echo "the same delivery again:"
post "$BASE/webhook" "$envelope"
await_status "$id" awaiting_human_response
