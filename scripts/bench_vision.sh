#!/usr/bin/env bash
# The vision part of `make bench` (issue 16, must-show 1), one JSON object per line:
#  - per-model milliseconds on 1 thread and on OpenVINO's default threads (vigil-bench detectors);
#  - `vigil analyze` on a 30 s 640x480@30 H.264 clip made here from ../shared/media photos, wall
#    clock including model loading, beside MediaPipe's own Python runtime (mediapipe==0.10.14 face
#    detection + face mesh with iris, pinned and hashed in .venv-bench) on the same clip.
# Usage: scripts/bench_vision.sh BIN_DIR (holding vigil and vigil-bench). scripts/bench.sh calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/bench_vision.sh BIN_DIR}
models=${VIGIL_MODELS:-models}
media=../shared/media
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
json() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], [json.loads(v) if v.replace(".","",1).isdigit() else v for v in sys.argv[2::2]])), sort_keys=True, separators=(",",":")))' "$@"; }
now() { date +%s.%N; }
seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", e - s }'; }

# --- Per-model milliseconds per 640x480 frame ------------------------------------------------------
"$bin/vigil-bench" detectors --photo "$media/faces/frontal/grace_hopper_frontal.jpg" --models "$models"

# --- The clip: six photos, 5 s each, letterboxed to 640x480, 30 fps, light temporal noise so no
# two frames are identical, H.264 (libx264) ------------------------------------------------------
photos=(faces/frontal/grace_hopper_frontal.jpg faces/frontal/obama_portrait_frontal.jpg
        faces/frontal/man_glasses_frontal_blue_bg.jpg objects/phone/woman_on_bus_phone_at_ear_head_turned.jpg
        empty/coffee_cup_no_person.png faces/several/couple_two_faces.jpg)
inputs=() filters="" labels=""
for i in "${!photos[@]}"; do
  inputs+=(-loop 1 -framerate 30 -t 5 -i "$media/${photos[$i]}")
  filters+="[$i:v]scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30,format=yuv420p[v$i];"
  labels+="[v$i]"
done
clip="$work/bench_640x480_30fps_30s.mp4"
ffmpeg -loglevel error -y "${inputs[@]}" -filter_complex "${filters}${labels}concat=n=${#photos[@]}:v=1:a=0,noise=alls=3:allf=t[out]" \
  -map "[out]" -c:v libx264 -preset veryfast -crf 23 -r 30 -pix_fmt yuv420p "$clip"
duration=30

# --- vigil analyze, wall clock from launch to exit (model loading included) -----------------------
start=$(now)
"$bin/vigil" analyze "$clip" --db "$work/analyze.sqlite" --models "$models" --format json --out "$work/analyze.json" 2> "$work/analyze.log"
wall=$(seconds "$start" "$(now)")
frames=$(sed -n 's/^vigil analyze: \([0-9]*\) frames.*/\1/p' "$work/analyze.log")
analysed=$(sed -n 's/^vigil analyze: [0-9]* frames ([0-9x]*), \([0-9]*\) analysed.*/\1/p' "$work/analyze.log")
rate=$(sed -n 's/^vigil analyze: [0-9]* frames ([0-9x]*), [0-9]* analysed (\([^)]*\)).*/\1/p' "$work/analyze.log")
json bench vision_analyze metric analyze_speed_x_realtime value "$(python3 -c "print(round($duration / $wall, 2))")" unit x \
  clip "640x480@30 H.264, 30 s, 6 photos" frames "$frames" analysed_frames "$analysed" wall_seconds "$wall" \
  includes "process start, model loading, decode, detectors at the default budget ($rate), rules, SQLite" \
  engine "OpenVINO 2025.3 CPU" threads "vigil analyze default (1 inference thread per worker, one worker per core)"
# Frames of the clip handled per second (decoded, and analysed at the budgeted rate), beside the
# peer's frames per second (it analyses every frame, without objects).
json bench vision_analyze metric analyze_frames_per_second value "$(python3 -c "print(round($frames / $wall, 1))")" unit frames/s wall_seconds "$wall" counts "decoded frames of the clip"
json bench vision_analyze metric analyze_analysed_frames_per_second value "$(python3 -c "print(round($analysed / $wall, 1))")" unit frames/s wall_seconds "$wall" counts "frames the detectors ran on ($rate)"

# --- MediaPipe's Python runtime on the same clip --------------------------------------------------
venv=.venv-bench
requirements=bench/requirements-mediapipe.txt
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || ! "$venv/bin/python" -c 'import mediapipe' 2>/dev/null; then
  rm -rf "$venv"
  /usr/bin/python3 -m venv --system-site-packages "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --progress-bar off --no-deps --only-binary=:all: \
    --require-hashes -r "$requirements" >&2
  echo "$want" > "$stamp"
fi
start=$(now)
peer=$("$venv/bin/python" bench/mediapipe_peer.py "$clip" 2> "$work/peer.log")
wall=$(seconds "$start" "$(now)")
peer_frames=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["frames"])' "$peer")
json bench vision_analyze metric mediapipe_speed_x_realtime value "$(python3 -c "print(round($duration / $wall, 2))")" unit x \
  frames "$peer_frames" wall_seconds "$wall" peer "mediapipe==0.10.14 face detection (short range) + face mesh refine_landmarks=True, every frame, no objects" \
  includes "process start, imports, model loading, decode (OpenCV), both graphs"
json bench vision_analyze metric mediapipe_frames_per_second value "$(python3 -c "print(round($peer_frames / $wall, 1))")" unit frames/s wall_seconds "$wall"
