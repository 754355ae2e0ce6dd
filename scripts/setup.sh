#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine: installs the Debian packages Vigil needs (only
# the missing ones, with one `apt-get update`), checks the Swift toolchain, and prints how long it
# took. `make run`, `make test` and `make bench` call it first.
set -euo pipefail
started=$(date +%s)
cd "$(dirname "$0")/.."

# Debian packages by name, grouped by what needs them.
packages=(
  # store and walk-through: SQLite headers for GRDB; curl and jq for the README; wrk for the bench
  libsqlite3-dev sqlite3 curl ca-certificates jq wrk
  # PostgreSQL store backend: the store tests and the bench start a PostgreSQL 15 server of their own
  postgresql
  # media: GStreamer 1.22 with webrtcbin (plugins-bad), libnice ICE, VP8/Opus, decoders
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-nice gstreamer1.0-libav gstreamer1.0-x fonts-dejavu-core
  # vision: OpenCV 4.6 (imgproc, imgcodecs, calib3d) for the C++ shim; pip fetches the pinned
  # openvino and mediapipe wheels (scripts/models.sh); venv for the test tools and the bench's
  # MediaPipe peer, which also uses Debian's OpenCV, numpy and matplotlib (mediapipe imports it)
  libopencv-dev python3-pip python3-venv python3-opencv python3-numpy python3-matplotlib
  # identity check: dlib 19.24 (headers and library) runs the face recognition ResNet through
  # the C++ shim Sources/CFaceEmbedding; the model file comes from PyPI (scripts/models.sh)
  libdlib-dev
  # browser tests: headless Chromium with a fake camera, ffmpeg to make y4m files at test time
  chromium ffmpeg
  # Firefox browser test: Firefox ESR as candidate and proctor, driven over Marionette (marionette-driver venv)
  firefox-esr
  # relay: openssl makes the server's ECDSA P-256 DTLS certificate at start (DTLSCertificate.swift)
  openssl
  # report checks: pdftotext and pdftoppm read the PDF export back in tests
  poppler-utils
  # audio tests: espeak-ng speaks the candidate's and interviewer's fake microphones (WAV at test time)
  espeak-ng
  # NAT/TURN tests: iproute2 (network namespaces, veth), nftables (NAT and firewall), coturn (the
  # TURN server the tests start), socat (DevTools of a browser inside a namespace, over a socket file)
  iproute2 procps nftables coturn socat
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "set-up: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "set-up: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
  for candidate in /opt/swift/usr/bin /opt/swift/bin; do
    [ -x "$candidate/swift" ] && export PATH="$candidate:$PATH"
  done
fi
command -v swift >/dev/null || {
  echo "set-up: no Swift toolchain found. Install Swift 6.1 or newer (https://www.swift.org/install/linux/) and put it on PATH." >&2
  exit 1
}

echo "set-up: done in $(( $(date +%s) - started )) s (Debian packages: ${#missing[@]} installed, $(( ${#packages[@]} - ${#missing[@]} )) already present)"
