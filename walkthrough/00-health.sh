#!/usr/bin/env bash
# Step 0: the service is up. Start it first, in another terminal: ./mvnw spring-boot:run
set -euo pipefail
. "$(dirname "$0")/common.sh"

curl -sS "$BASE/actuator/health"
echo
