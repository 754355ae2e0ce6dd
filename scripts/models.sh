#!/usr/bin/env bash
# Idempotent model set-up: puts the detectors' models into models/ (or $VIGIL_MODELS) and checks
# them against models/MANIFEST.json. `make setup` (so `make run`, `make test`, `make bench`) runs
# it after scripts/setup.sh.
#
#  1. If every model verifies against the manifest (sha256, size, pinned source): done, offline,
#     no venv needed.
#  2. Otherwise: make .venv-models (Debian's /usr/bin/python3 -m venv --system-site-packages, so
#     Debian's OpenCV 4.6 and numpy are used), pip-install tools/models/requirements.txt (pinned,
#     hash-checked) only if it changed or is missing, and run tools/models/convert.py, which rebuilds
#     only the files that are missing or wrong (mediapipe wheel from PyPI, cached in models/.cache;
#     yolox_nano.onnx and coco80.names copied from $VIGIL_SHARED_MODELS, default ../shared/models).
#
# Prints one line per model (status and time) and the total; exits non-zero with the reason on
# failure. See tools/models/README.md.
set -euo pipefail
started=$(date +%s.%N)
cd "$(dirname "$0")/.."

models_dir=${VIGIL_MODELS:-models}
venv=.venv-models
requirements=tools/models/requirements.txt
convert=tools/models/convert.py
python=/usr/bin/python3

elapsed() { awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
fail() { echo "models: FAILED: $*" >&2; exit 1; }

[ -x "$python" ] || fail "$python not found: install Debian's python3 (scripts/setup.sh does)"

mkdir -p "$models_dir"
# One set-up at a time (make run and make test started together must not race on the folder).
exec 9>"$models_dir/.lock"
flock 9

# 1. Fast path: everything present and matching the manifest.
if report=$("$python" "$convert" --verify --out "$models_dir" 2>&1); then
  printf '%s\n' "$report"
  echo "models: all present and verified in $models_dir ($(elapsed) s)"
  exit 0
fi

# 2. Build what is missing. The venv and its packages first.
echo "models: building the missing or wrong files (tools/models/convert.py)"
"$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' ||
  fail "$python is Python $("$python" -c 'import platform; print(platform.python_version())'); the pinned wheels in $requirements are for Python 3.11 (Debian 12)"
"$python" -c 'import cv2, sys; sys.exit(cv2.__version__ != "4.6.0")' 2>/dev/null ||
  fail "$python cannot import OpenCV 4.6.0 (cv2): install Debian's python3-opencv (scripts/setup.sh does: apt-get install python3-opencv)"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import cv2' 2>/dev/null; then
  rm -rf "$venv"
  "$python" -m venv --system-site-packages "$venv" ||
    fail "could not create $venv (install Debian's python3-venv: apt-get install python3-venv)"
  echo "models: created $venv ($(elapsed) s)"
fi

stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] ||
   ! "$venv/bin/python" -c 'import onnx, tflite, tflite2onnx, tflite_runtime.interpreter' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --progress-bar off \
      --require-hashes -r "$requirements" ||
    fail "pip could not install $requirements into $venv (needs PyPI the first time)"
  echo "$want" > "$stamp"
  echo "models: installed $requirements into $venv ($(elapsed) s)"
fi

"$venv/bin/python" "$convert" --out "$models_dir" || fail "tools/models/convert.py did not complete (see above)"
"$python" "$convert" --verify --quiet --out "$models_dir" || fail "the models folder still does not verify"
echo "models: done in $(elapsed) s"
