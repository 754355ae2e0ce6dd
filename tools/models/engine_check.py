#!/usr/bin/env python3
"""One-off migration check (issue 16): do the MediaPipe `.tflite` files, run by OpenVINO 2025.3's
TensorFlow Lite front end, give the same outputs as the ONNX conversions the set-up used to make,
run by OpenCV 4.6 `cv::dnn`? And does YOLOX-Nano's ONNX give the same outputs on both engines?

Run on every labelled photo of ../shared/media/labels.json, with the inputs made as
Sources/VigilVision makes them: BlazeFace on the centred letterbox of the whole photo (128, RGB,
(x - 127.5) / 127.5); the face mesh on a square crop 1.5x the best face box, rotated so the eyes are
level (192, RGB, x / 255); the iris model on both eye crops (64, 2.3x the corner distance, the left
eye mirrored; RGB, x / 255); YOLOX on the top-left letterbox on grey 114 (416, BGR, raw). The
OpenVINO side feeds 8-bit BGR NHWC pixels through the same pre-processing the Swift code compiles
into each model (u8 -> f32, BGR -> RGB, mean, scale, layout), with the same properties
(1 thread, f32 precision).

    python engine_check.py --onnx DIR_WITH_OLD_ONNX --tflite DIR_WITH_TFLITE [--media ../shared/media]

Needs numpy, cv2 (Debian's python3-opencv 4.6) and the `openvino==2025.3.0` wheel (installed
--no-deps into a throwaway venv). The ONNX files are those of the previous set-up (git history:
`git show c955f0f:scripts/models.sh`, tools/models/convert.py of that commit); the result is
recorded in docs/vision-engine.md. Exit status 0 when every output is within tolerance.
"""

import argparse
import json
import math
import sys
from pathlib import Path

import cv2
import numpy as np
import openvino as ov
from openvino.preprocess import PrePostProcessor, ColorFormat  # noqa: F401

# |OpenVINO - OpenCV| <= ATOL + RTOL * |OpenCV| per element; RTOL covers the large raw logits of
# BlazeFace's non-face anchors (hundreds), where float32 rounding alone is ~1e-3.
ATOL = {"face_detection_short_range": 1e-3, "face_landmark": 1e-3, "iris_landmark": 1e-3, "yolox_nano": 1e-3}
RTOL = 1e-4

core = ov.Core()
CONFIG = {"INFERENCE_NUM_THREADS": "1", "PERFORMANCE_HINT": "LATENCY", "NUM_STREAMS": "1",
          "ENABLE_CPU_PINNING": "NO", "INFERENCE_PRECISION_HINT": "f32"}


def openvino_model(path, layout, rgb, mean, scale):
    model = core.read_model(str(path))
    ppp = PrePostProcessor(model)
    tensor = ppp.input().tensor()
    tensor.set_element_type(ov.Type.u8)
    tensor.set_layout(ov.Layout("NHWC"))
    steps = ppp.input().preprocess()
    steps.convert_element_type(ov.Type.f32)
    if rgb:
        steps.reverse_channels()
    if mean:
        steps.mean(mean)
    if scale != 1:
        steps.scale(scale)
    ppp.input().model().set_layout(ov.Layout(layout))
    compiled = core.compile_model(ppp.build(), "CPU", CONFIG)
    request = compiled.create_infer_request()

    def run(bgr):
        request.infer({0: bgr[None]})
        return [request.get_output_tensor(i).data.copy() for i in range(len(compiled.outputs))]
    return run


def opencv_model(path, scale, mean, swap_rb):
    net = cv2.dnn.readNet(str(path))
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    names = list(net.getUnconnectedOutLayersNames())

    def run(bgr):
        net.setInput(cv2.dnn.blobFromImage(bgr, scale, (0, 0), (mean, mean, mean), swap_rb, False))
        return net.forward(names)
    return run


def warp(bgr, m, size, border=0):
    return cv2.warpAffine(bgr, m, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=(border, border, border))


def crop(center, side, angle, size, mirrored=False):
    scale = size / side
    ca, sa = math.cos(angle) * scale, math.sin(angle) * scale
    f = -1.0 if mirrored else 1.0
    a, b, c, d = f * ca, f * sa, -sa, ca
    h = size / 2
    return np.array([[a, b, h - (a * center[0] + b * center[1])], [c, d, h - (c * center[0] + d * center[1])]])


def anchors():
    out = []
    for stride, per in ((8, 2), (16, 6)):
        g = 128 // stride
        for y in range(g):
            for x in range(g):
                out += [((x + 0.5) / g, (y + 0.5) / g)] * per
    return np.array(out)


ANCHORS = anchors()


def by_size(outputs):
    return {o.size: np.asarray(o, np.float64).ravel() for o in outputs}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--onnx", required=True)
    p.add_argument("--tflite", required=True)
    p.add_argument("--yolox", default=None, help="yolox_nano.onnx (default: in --onnx)")
    p.add_argument("--media", default=str(Path(__file__).resolve().parents[2].parent / "shared" / "media"))
    a = p.parse_args()
    onnx, tfl = Path(a.onnx), Path(a.tflite)
    yolox = Path(a.yolox) if a.yolox else onnx / "yolox_nano.onnx"
    new = {
        "face_detection_short_range": openvino_model(tfl / "face_detection_short_range.tflite", "NHWC", True, 127.5, 127.5),
        "face_landmark": openvino_model(tfl / "face_landmark.tflite", "NHWC", True, 0, 255),
        "iris_landmark": openvino_model(tfl / "iris_landmark.tflite", "NHWC", True, 0, 255),
        "yolox_nano": openvino_model(yolox, "NCHW", False, 0, 1),
    }
    old = {
        "face_detection_short_range": opencv_model(onnx / "face_detection_short_range.onnx", 1 / 127.5, 127.5, True),
        "face_landmark": opencv_model(onnx / "face_landmark.onnx", 1 / 255, 0, True),
        "iris_landmark": opencv_model(onnx / "iris_landmark.onnx", 1 / 255, 0, True),
        "yolox_nano": opencv_model(yolox, 1, 0, False),
    }
    labels = json.loads((Path(a.media) / "labels.json").read_text())
    worst = {k: 0.0 for k in new}
    worst_ratio = {k: 0.0 for k in new}
    derived = {"face_score": 0.0, "mesh_px": 0.0, "presence": 0.0, "iris_px": 0.0, "yolox_score": 0.0}
    inputs = 0

    def compare(name, bgr):
        nonlocal inputs
        inputs += 1
        n, o = by_size(new[name](bgr)), by_size(old[name](bgr))
        if sorted(n) != sorted(o):
            raise SystemExit(f"{name}: output sizes differ: OpenVINO {sorted(n)}, OpenCV {sorted(o)}")
        for size in n:
            d = np.abs(n[size] - o[size])
            worst[name] = max(worst[name], float(d.max()))
            worst_ratio[name] = max(worst_ratio[name], float((d / (ATOL[name] + RTOL * np.abs(o[size]))).max()))
        return n, o

    for file, label in sorted(labels.items()):
        if label.get("video"):
            continue
        bgr = cv2.imread(str(Path(a.media) / file), cv2.IMREAD_COLOR)
        h, w = bgr.shape[:2]
        # BlazeFace on the centred letterbox.
        s = min(128 / w, 128 / h)
        m = np.array([[s, 0, (128 - w * s) / 2], [0, s, (128 - h * s) / 2]])
        n, o = compare("face_detection_short_range", warp(bgr, m, 128))
        sig = lambda v: 1 / (1 + np.exp(-np.clip(v, -100, 100)))
        derived["face_score"] = max(derived["face_score"], float(np.abs(sig(n[896]) - sig(o[896])).max()))
        best = int(np.argmax(o[896]))
        r = o[896 * 16].reshape(896, 16)[best]
        cx, cy = (ANCHORS[best][0] + r[0] / 128) * 128, (ANCHORS[best][1] + r[1] / 128) * 128
        inv = cv2.invertAffineTransform(m)
        to_frame = lambda x, y: (inv[0, 0] * x + inv[0, 1] * y + inv[0, 2], inv[1, 0] * x + inv[1, 1] * y + inv[1, 2])
        centre = to_frame(cx, cy)
        side = max(r[2], r[3]) / s * 1.5
        eye_r = to_frame((ANCHORS[best][0] + r[4] / 128) * 128, (ANCHORS[best][1] + r[5] / 128) * 128)
        eye_l = to_frame((ANCHORS[best][0] + r[6] / 128) * 128, (ANCHORS[best][1] + r[7] / 128) * 128)
        angle = math.atan2(eye_l[1] - eye_r[1], eye_l[0] - eye_r[0])
        if side > 8:
            mc = crop(centre, side, angle, 192)
            n, o = compare("face_landmark", warp(bgr, mc, 192))
            k = side / 192
            derived["mesh_px"] = max(derived["mesh_px"], float(np.abs(n[1404] - o[1404]).reshape(468, 3)[:, :2].max() * k))
            derived["presence"] = max(derived["presence"], float(abs(sig(n[1][0]) - sig(o[1][0]))))
            pts = o[1404].reshape(468, 3)
            mi = cv2.invertAffineTransform(mc)
            px = lambda i: (mi[0, 0] * pts[i, 0] + mi[0, 1] * pts[i, 1] + mi[0, 2], mi[1, 0] * pts[i, 0] + mi[1, 1] * pts[i, 1] + mi[1, 2])
            for outer, inner, mirrored in ((33, 133, False), (263, 362, True)):
                p1, p2 = px(outer), px(inner)
                width = math.dist(p1, p2)
                if width < 6:
                    continue
                (ax, ay), (bx, by) = (p1, p2) if p1[0] <= p2[0] else (p2, p1)
                ec = crop(((ax + bx) / 2, (ay + by) / 2), width * 2.3, math.atan2(by - ay, bx - ax), 64, mirrored)
                n, o = compare("iris_landmark", warp(bgr, ec, 64))
                derived["iris_px"] = max(derived["iris_px"], float(np.abs(n[15] - o[15]).reshape(5, 3)[:, :2].max() * width * 2.3 / 64))
        # YOLOX on the top-left letterbox.
        s = min(416 / w, 416 / h)
        n, o = compare("yolox_nano", warp(bgr, np.array([[s, 0, 0], [0, s, 0]]), 416, 114))
        yn, yo = n[3549 * 85].reshape(3549, 85), o[3549 * 85].reshape(3549, 85)
        derived["yolox_score"] = max(derived["yolox_score"], float(np.abs(yn[:, 4:5] * yn[:, 5:] - yo[:, 4:5] * yo[:, 5:]).max()))

    ok = all(v <= 1 for v in worst_ratio.values())
    print(json.dumps({"inputs": inputs, "max_abs_difference": worst,
                      "worst_difference_over_tolerance": {k: round(v, 3) for k, v in worst_ratio.items()},
                      "tolerance": {"atol": ATOL, "rtol": RTOL},
                      "derived_max_difference": {"face_score": derived["face_score"], "mesh_landmark_px": derived["mesh_px"],
                                                 "face_presence": derived["presence"], "iris_centre_px": derived["iris_px"],
                                                 "yolox_score": derived["yolox_score"]},
                      "within_tolerance": ok}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
