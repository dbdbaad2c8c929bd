#!/usr/bin/env bash
# `npm run test:containers`: builds docker/'s image and runs docker/compose.yaml, then checks what
# the containers serve (test/containers/, docs/docker.md). It brings what it needs:
# - a Docker engine: when none answers, as root it installs Debian's docker.io (and mmdebstrap,
#   and docker-compose where the Compose v2 plugin is missing) and starts dockerd with no bridge
#   and no iptables rules (the services use the host's loopback); not as root it says what to do;
# - base images: the official ones when the engine has them (a machine with a registry), else
#   local ones, built once and kept (scripts/containerBaseImages.sh).
# A dockerd it started is stopped when it ends (the images stay on disk for the next run). After
# the test passes it writes what it measured to bench/results/containers.json (docs/docker.md).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "== containers: $*" >&2; }
fail() { echo "== containers: FAILED: $*" >&2; exit 1; }

engine_answers() { docker info >/dev/null 2>&1; }
compose_available() { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; }

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker >/dev/null || missing+=(docker.io)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
compose_available || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ] && ! engine_answers; then
  if [ "$(id -u)" != 0 ]; then
    fail "missing ${missing[*]}: as root, apt-get install ${missing[*]}; then start dockerd, or run this as root"
  fi
  log "installing ${missing[*]} (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! engine_answers; then
  [ "$(id -u)" = 0 ] || fail "no Docker engine answers: start dockerd (as root), or add yourself to the docker group"
  log "starting dockerd (no bridge, no iptables; log in /var/log/kommungraf-dockerd.log)"
  setsid dockerd --bridge=none --iptables=false --ip6tables=false >/var/log/kommungraf-dockerd.log 2>&1 < /dev/null &
  dockerd_pid=$!
  trap 'log "stopping the dockerd it started"; kill "$dockerd_pid"; wait "$dockerd_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do engine_answers && break; sleep 1; done
  engine_answers || fail "dockerd did not answer within 60 s; see /var/log/kommungraf-dockerd.log"
fi

[ -d node_modules ] || npm ci

# Base images: the official ones if this engine has them, else local stand-ins.
started=$(date +%s)
if docker image inspect node:24-bookworm-slim postgres:16 redis:7-bookworm >/dev/null 2>&1; then
  export NODE_IMAGE=node:24-bookworm-slim POSTGRES_IMAGE=postgres:16 REDIS_IMAGE=redis:7-bookworm
  export BASE_IMAGES_BUILT=official
else
  while IFS='=' read -r name value; do export "$name=$value"; done < <(bash scripts/containerBaseImages.sh)
fi
base_seconds=$(($(date +%s) - started))
export KOMMUNGRAF_IMAGE="${KOMMUNGRAF_IMAGE:-kommungraf:test}"

log "building $KOMMUNGRAF_IMAGE on $NODE_IMAGE"
started=$(date +%s)
docker build --quiet --network host --build-arg "NODE_IMAGE=$NODE_IMAGE" \
  -f docker/Dockerfile -t "$KOMMUNGRAF_IMAGE" . >/dev/null
image_seconds=$(($(date +%s) - started))
log "image built in $image_seconds s: $(docker image inspect --format '{{.Size}}' "$KOMMUNGRAF_IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"

# The test writes the time from `up` to every service healthy here.
measures=$(mktemp)
started=$(date +%s)
CONTAINERS_MEASURES_FILE="$measures" npx jest -c jest.containers.config.js "$@"
test_seconds=$(($(date +%s) - started))

image_bytes() { docker image inspect --format '{{.Size}}' "$1"; }
BASE_SECONDS="$base_seconds" IMAGE_SECONDS="$image_seconds" TEST_SECONDS="$test_seconds" MEASURES="$measures" \
  IMAGES="$KOMMUNGRAF_IMAGE=$(image_bytes "$KOMMUNGRAF_IMAGE") $NODE_IMAGE=$(image_bytes "$NODE_IMAGE") $POSTGRES_IMAGE=$(image_bytes "$POSTGRES_IMAGE") $REDIS_IMAGE=$(image_bytes "$REDIS_IMAGE")" \
  npx tsx test/containers/containerResults.ts
rm -f "$measures"
