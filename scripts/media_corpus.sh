#!/usr/bin/env bash
# Damaged and wrong media files, made here from the shared clip, each given to `vigil analyze`:
# every one must end with a clear error (exit status 1, a message naming the file) or be analysed
# as far as it goes (a file missing less than its last second, or a y4m without a duration, is
# accepted: status 0, listed), never a crash (a signal) or a hang (60 s). Prints one JSON line
# for `make bench`.
# Usage: scripts/media_corpus.sh VIGIL_BINARY FOLDER
set -euo pipefail
cd "$(dirname "$0")/.."
vigil=${1:?usage: scripts/media_corpus.sh VIGIL_BINARY FOLDER}
folder=${2:?usage: scripts/media_corpus.sh VIGIL_BINARY FOLDER}
mkdir -p "$folder"
clip=../shared/media/video/gaze_center_left_center_15s.mp4
ff() { ffmpeg -v error -nostdin -y "$@"; }

# class name → files
ff -i "$clip" -t 3 -vf scale=-2:320 -c:v libx264 -preset veryfast -an "$folder/whole.mp4"
ff -i "$clip" -t 3 -vf scale=-2:320 -c:v libx264 -preset veryfast -an -movflags +faststart "$folder/whole-faststart.mp4"
ff -i "$clip" -t 2 -vn -c:a copy "$folder/audio.m4a"
ff -i "$clip" -t 2 -vf scale=-2:240 -c:v libvpx -b:v 300k -an "$folder/whole.webm"
python3 - "$folder" <<'PY'
import os, random, sys
folder = sys.argv[1]
random.seed(20261128)
whole = open(f"{folder}/whole.mp4", "rb").read()
fast = open(f"{folder}/whole-faststart.mp4", "rb").read()
webm = open(f"{folder}/whole.webm", "rb").read()
def write(name, data): open(f"{folder}/{name}", "wb").write(data)
for fraction in (10, 25, 50, 90):
    write(f"truncated-{fraction}.mp4", whole[: len(whole) * fraction // 100])
    write(f"truncated-faststart-{fraction}.mp4", fast[: len(fast) * fraction // 100])
    write(f"truncated-{fraction}.webm", webm[: len(webm) * fraction // 100])
write("empty.mp4", b"")
write("header-only.mp4", whole[:64])
for n in range(4):
    write(f"random-{n}.mp4", random.randbytes(50_000 * (n + 1)))
write("text.mp4", b"this is not a video\n" * 100)
write("zeros.webm", bytes(100_000))
for n in range(4):  # the real header, the media overwritten with noise from a point on
    cut = len(fast) // (n + 2)
    write(f"noise-tail-{n}.mp4", fast[:cut] + random.randbytes(len(fast) - cut))
y4m = b"YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\n" + (b"FRAME\n" + bytes(640 * 480 * 3 // 2)) * 2
write("y4m-cut.y4m", y4m[: len(y4m) - 1000])
write("y4m-bad-header.y4m", b"YUV4MPEG2 W-5 H0 F0:0\nFRAME\n" + bytes(1000))
PY
cp ../shared/media/faces/frontal/grace_hopper_frontal.jpg "$folder/photo.mp4"
rm -f "$folder/whole.mp4" "$folder/whole-faststart.mp4" "$folder/whole.webm"

tried=0; crashes=0; hangs=0; unclear=0; accepted=(); declare -A per_class
for file in "$folder"/*; do
  name=$(basename "$file"); class=${name%%-*}; class=${class%%.*}
  tried=$((tried + 1)); per_class[$class]=$(( ${per_class[$class]:-0} + 1 ))
  status=0
  timeout 60 "$vigil" analyze "$file" --quiet --db "$folder.sqlite" > "$folder.out" 2> "$folder.err" || status=$?
  if [ "$status" -eq 124 ]; then hangs=$((hangs + 1)); echo "media corpus: $name hung" >&2
  elif [ "$status" -gt 128 ]; then crashes=$((crashes + 1)); echo "media corpus: $name crashed (status $status)" >&2
  elif [ "$status" -eq 0 ]; then accepted+=("\"$name\"")
  elif [ "$status" -ne 1 ] || ! grep -q "$file" "$folder.err"; then unclear=$((unclear + 1)); echo "media corpus: $name: status $status, $(head -c 300 "$folder.err")" >&2
  fi
done
classes=$(for k in "${!per_class[@]}"; do printf '"%s":%s,' "$k" "${per_class[$k]}"; done)
echo "{\"bench\":\"fuzz\",\"metric\":\"malformed_inputs_tried\",\"value\":$tried,\"unit\":\"inputs\",\"class\":\"media\",\"crashes\":$crashes,\"hangs\":$hangs,\"unclear_errors\":$unclear,\"accepted\":[$(IFS=,; echo "${accepted[*]}")],\"per_class\":{${classes%,}},\"tool\":\"vigil analyze\"}"
