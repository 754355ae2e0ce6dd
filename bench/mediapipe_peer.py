#!/usr/bin/env python3
"""The peer `vigil analyze` is measured against (issue 16): MediaPipe's own Python runtime, the
FaceMesh the original product used, on the same clip. mediapipe==0.10.14 face detection (short
range) and face mesh with iris (refine_landmarks=True) on every frame, read with OpenCV.

    mediapipe_peer.py CLIP    # prints {"frames", "seconds", "faces_frames", "mesh_frames"}

Run by scripts/bench.sh in .venv-bench (bench/requirements-mediapipe.txt, pinned and hashed; numpy,
OpenCV and matplotlib from Debian). The bench times the whole process (model loading included).
"""
import json
import sys
import time

import cv2
import mediapipe as mp

start = time.monotonic()
capture = cv2.VideoCapture(sys.argv[1])
frames = faces = meshes = 0
with mp.solutions.face_detection.FaceDetection(model_selection=0, min_detection_confidence=0.5) as detection, \
        mp.solutions.face_mesh.FaceMesh(max_num_faces=8, refine_landmarks=True, min_detection_confidence=0.5) as mesh:
    while True:
        ok, bgr = capture.read()
        if not ok:
            break
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        frames += 1
        faces += bool(detection.process(rgb).detections)
        meshes += bool(mesh.process(rgb).multi_face_landmarks)
print(json.dumps({"frames": frames, "seconds": round(time.monotonic() - start, 3), "faces_frames": faces, "mesh_frames": meshes}))
