#!/usr/bin/env bash
# Installs what the local stack needs and is missing. Idempotent; downloads and
# builds are cached in $SPIN_CACHE_DIR so a second run takes seconds.
source "$(dirname "$0")/env.sh"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_debian_packages() {
  local missing=()
  command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
  # Captions and reel title cards are drawn with this font.
  [ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
  [ -x "$PG_BIN_DIR/postgres" ] || missing+=(postgresql)
  # Headless Chromium drives the portal's browser tests (Playwright, system browser).
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [ ${#missing[@]} -eq 0 ] && return 0
  need apt-get "this script installs ${missing[*]} from Debian packages; install them yourself on other systems"
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_uv() {
  command -v uv >/dev/null 2>&1 && return 0
  need python3 "install Python 3.11"
  say "installing uv from PyPI"
  python3 -m pip install --quiet uv
}

install_kafka() {
  [ -f "$KAFKA_HOME/.complete" ] && return 0
  need java "install OpenJDK 17 (Debian: openjdk-17-jre-headless)"
  need mvn "install Maven (Debian: maven)"
  say "resolving Apache Kafka $KAFKA_VERSION from Maven Central"
  mkdir -p "$KAFKA_HOME/libs"
  mvn -q -B -f "$SPIN_ROOT/infra/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$KAFKA_HOME/libs" -DincludeScope=runtime
  touch "$KAFKA_HOME/.complete"
}

install_minio() {
  [ -x "$MINIO_BIN" ] && return 0
  need go "install Go 1.24 or newer"
  say "building MinIO $MINIO_MODULE_VERSION from the Go module proxy (a few minutes, once)"
  local gobin; gobin="$(dirname "$MINIO_BIN")"
  mkdir -p "$gobin"
  if ! GOBIN="$gobin" GOFLAGS=-mod=mod go install "github.com/minio/minio@$MINIO_MODULE_VERSION"; then
    # go install refuses modules with replace directives: build inside the module instead.
    local dir
    dir=$(go mod download -json "github.com/minio/minio@$MINIO_MODULE_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    (cd "$dir" && GOFLAGS=-mod=mod go build -o "$MINIO_BIN" .)
  fi
}

install_debian_packages
install_uv
install_kafka
install_minio
say "toolchain and servers installed (cache: $SPIN_CACHE_DIR)"
