#!/usr/bin/env bash
# Step 2: poll the thread until it pauses. "fe1iiaff10" is no number, so the agent asks a human.
set -euo pipefail
. "$(dirname "$0")/common.sh"
id=$(cat "$STATE/thread_id")

fetch "$BASE/thread/$id"
echo
await_status "$id" awaiting_human_response
waiting_call "$id" > /dev/null
