#!/usr/bin/env bash
# Step 1: launch a thread. The service answers 202 at once; the loop runs in the background.
set -euo pipefail
. "$(dirname "$0")/common.sh"
MESSAGE="${1:-can you multiply 3 and fe1iiaff10}"

response=$(post "$BASE/thread" "{\"message\": \"$MESSAGE\"}")
echo "$response"
echo "$response" | field thread_id > "$STATE/thread_id"
