#!/usr/bin/env python3
"""Inference milliseconds per model, OpenCV 4.6 dnn (the ONNX conversions) beside OpenVINO 2025.3
(the wheel's .tflite files; YOLOX's ONNX), one thread each, same inputs, same process; median of
--runs after 5 warm-up runs. The one-off "before / after" of the engine switch (issue 16);
docs/vision-engine.md records the result. Arguments as engine_check.py."""
import argparse
import json
import time
from pathlib import Path

import cv2
import numpy as np
import openvino as ov

p = argparse.ArgumentParser()
p.add_argument("--onnx", required=True)
p.add_argument("--tflite", required=True)
p.add_argument("--runs", type=int, default=40)
a = p.parse_args()
cv2.setNumThreads(1)
core = ov.Core()
CONFIG = {"INFERENCE_NUM_THREADS": "1", "PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": "1",
          "ENABLE_CPU_PINNING": "NO", "INFERENCE_PRECISION_HINT": "f32"}
rng = np.random.default_rng(1)
for stem, side, tfl in (("face_detection_short_range", 128, True), ("face_landmark", 192, True),
                        ("iris_landmark", 64, True), ("yolox_nano", 416, False)):
    onnx = Path(a.onnx) / f"{stem}.onnx"
    net = cv2.dnn.readNet(str(onnx))
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    nchw = rng.random((1, 3, side, side), dtype=np.float32)
    names = list(net.getUnconnectedOutLayersNames())

    def cv_run():
        net.setInput(nchw)
        net.forward(names)
    src = Path(a.tflite) / f"{stem}.tflite" if tfl else onnx
    compiled = core.compile_model(core.read_model(str(src)), "CPU", CONFIG)
    request = compiled.create_infer_request()
    x = np.ascontiguousarray(nchw.transpose(0, 2, 3, 1)) if tfl else nchw

    def ov_run():
        request.infer({0: x})

    def median(f):
        for _ in range(5):
            f()
        t = []
        for _ in range(a.runs):
            s = time.perf_counter()
            f()
            t.append((time.perf_counter() - s) * 1000)
        return round(sorted(t)[len(t) // 2], 2)
    print(json.dumps({"model": stem, "opencv_dnn_onnx_ms": median(cv_run),
                      f"openvino_{'tflite' if tfl else 'onnx'}_ms": median(ov_run), "threads": 1, "runs": a.runs}))
