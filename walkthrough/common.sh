# Shared by the walkthrough's steps: where the service is, where steps leave what the next
# one needs, and three small helpers. Needs only bash, curl, grep, sed and cut.
BASE="${BASE:-http://localhost:8080}"
STATE="${STATE_DIR:-$(dirname "${BASH_SOURCE[0]}")/.state}"
INBOX="$BASE/local/humanlayer/v1"
mkdir -p "$STATE"

# fetch ARGS...: curl, with the bearer token when AGENT_API_TOKEN is set.
fetch() {
  if [ -n "${AGENT_API_TOKEN:-}" ]; then
    curl -sS -H "Authorization: Bearer $AGENT_API_TOKEN" "$@"
  else
    curl -sS "$@"
  fi
}

# post URL JSON: POST a JSON body, print the answer's body, then its status.
post() {
  fetch -X POST "$1" -H 'Content-Type: application/json' -d "$2" -w '\nHTTP %{http_code}\n'
}

# field NAME: the first "NAME":"value" string in the JSON on stdin.
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }

# await_status ID STATUS: poll GET /thread/ID (every 0.2 s, up to 20 s) until it has STATUS,
# then print the status, the call it waits for, and one event per line.
await_status() {
  local thread
  for _ in $(seq 1 100); do
    thread=$(fetch "$BASE/thread/$1")
    if [ "$(echo "$thread" | field status)" = "$2" ]; then
      echo "status: $2"
      echo "$thread" | grep -o '"waiting_for":{"call_id":"[^"]*"' | cut -d'"' -f6 | sed 's/^/waiting for: /'
      echo "$thread" | sed -e 's/.*"events":\[//' -e 's/\],"waiting_for".*//' -e 's/\],"failure".*//' \
        -e 's/\],"created_at".*//' | awk '{ gsub(/\},\{"type"/, "}\n{\"type\""); print }'
      return 0
    fi
    sleep 0.2
  done
  echo "thread $1 did not reach $2; it is: $thread" >&2
  return 1
}

# waiting_call ID: the call_id thread ID waits for, saved for the next step.
waiting_call() {
  fetch "$BASE/thread/$1" | grep -o '"waiting_for":{"call_id":"[^"]*"' | cut -d'"' -f6 \
    | tee "$STATE/call_id"
}
