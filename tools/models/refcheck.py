"""Check converted models against the TFLite reference, on a real photo, with Debian's OpenCV 4.6.

The inputs are made the way the detectors will make them (see README.md beside this file):
BlazeFace on the letterboxed photo; face landmarks on a crop 1.5x the face box BlazeFace found;
iris on an eye crop around landmarks 33 and 133. The crops are found with the TFLite reference
models, so each converted model is checked on its own, on a realistic input. Without the photo,
a deterministic synthetic image is used instead (and the manifest says so).

Needs numpy, cv2 (OpenCV 4.6.0 from Debian's python3-opencv) and tflite-runtime.
"""

import numpy as np

try:
    import cv2
except ImportError as e:  # pragma: no cover - message for people running outside the venv
    raise SystemExit(
        "models: error: cannot import cv2 (OpenCV). Install Debian's python3-opencv "
        "(apt-get install python3-opencv) and run inside a venv made with "
        "`/usr/bin/python3 -m venv --system-site-packages` (scripts/models.sh does this)."
    ) from e

# A converted output passes when every element has |ONNX - TFLite| <= TOLERANCE + RTOL * |TFLite|.
# The relative part matters only for large raw values: BlazeFace logits of non-face anchors reach
# -400 on the check photo (-24000 on a face cut by the frame edge), where float32 rounding alone
# is ~1e-3; TFLite's own optimised kernels differ from its reference kernels by as much there.
TOLERANCE = 1e-3
RTOL = 1e-5


def tflite_run(tflite_bytes, nhwc):
    """Run a TFLite model with the interpreter's reference kernels; outputs by name."""
    from tflite_runtime.interpreter import Interpreter, OpResolverType

    it = Interpreter(model_content=tflite_bytes,
                     experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    it.allocate_tensors()
    it.set_tensor(it.get_input_details()[0]["index"], nhwc)
    it.invoke()
    return {d["name"]: it.get_tensor(d["index"]).copy() for d in it.get_output_details()}


def opencv_net(path):
    net = cv2.dnn.readNet(str(path))
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    return net


def opencv_run(path, nchw, names):
    """Forward an ONNX file with cv2.dnn; outputs by the given layer names."""
    net = opencv_net(path)
    net.setInput(np.ascontiguousarray(nchw))
    outs = net.forward(list(names))
    return dict(zip(names, outs)), list(net.getUnconnectedOutLayersNames())


def _warp(rgb, cx, cy, side, size):
    """Square crop of side `side` centred at (cx, cy), resized to size x size (zeros outside)."""
    scale = size / side
    m = np.array([[scale, 0, size / 2 - cx * scale], [0, scale, size / 2 - cy * scale]], np.float32)
    return cv2.warpAffine(rgb, m, (size, size), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))


def blazeface_anchors():
    """896 anchor centres (x, y) in [0, 1]: stride 8 x 2 anchors, then stride 16 x 6."""
    out = []
    for stride, per_cell in ((8, 2), (16, 6)):
        grid = 128 // stride
        for y in range(grid):
            for x in range(grid):
                out += [((x + 0.5) / grid, (y + 0.5) / grid)] * per_cell
    return np.array(out, np.float32)


def load_photo(path):
    if path is not None:
        import os

        bgr = cv2.imread(str(path), cv2.IMREAD_COLOR) if os.path.isfile(path) else None
        if bgr is not None:
            return bgr, str(path)
        print(f"models: note: cannot read the check photo {path}; using a synthetic image",
              flush=True)
    # Deterministic stand-in: smooth gradients plus seeded noise, 480x640.
    rng = np.random.default_rng(20240601)
    yy, xx = np.mgrid[0:480, 0:640].astype(np.float32)
    base = np.stack([xx / 640 * 255, yy / 480 * 255, (xx + yy) / 1120 * 255], axis=-1)
    noise = rng.normal(0, 20, base.shape).astype(np.float32)
    return np.clip(base + noise, 0, 255).astype(np.uint8), "synthetic 640x480 gradient+noise"


def reference_inputs(sources, photo_path):
    """NHWC float32 inputs for each face model, and notes on what the reference saw.

    `sources` maps model stem -> TFLite bytes for face_detection_short_range, face_landmark and
    iris_landmark (all three are needed: the crops come from the reference models' outputs).
    """
    bgr, photo = load_photo(photo_path)
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    h, w = rgb.shape[:2]
    notes = {"photo": photo}

    # BlazeFace: letterbox into a centred square, 128x128, (x - 127.5) / 127.5.
    side = max(h, w)
    det_in = _warp(rgb, w / 2, h / 2, side, 128).astype(np.float32)
    det_in = ((det_in - 127.5) / 127.5)[None]
    det = tflite_run(sources["face_detection_short_range"], det_in)
    scores = 1 / (1 + np.exp(-np.clip(det["classificators"][0, :, 0].astype(np.float64), -100, 100)))
    best = int(np.argmax(scores))
    anchor = blazeface_anchors()[best]
    reg = det["regressors"][0, best] / 128.0
    # Box centre/size in letterbox units -> photo pixels.
    bx, by = (anchor[0] + reg[0]) * side + (w - side) / 2, (anchor[1] + reg[1]) * side + (h - side) / 2
    bw, bh = reg[2] * side, reg[3] * side
    notes["face_score"] = round(float(scores[best]), 3)
    notes["face_box_xywh"] = [round(float(v), 1) for v in (bx - bw / 2, by - bh / 2, bw, bh)]
    if scores[best] < 0.5:  # no face: fall back to the image centre
        bx, by, bw, bh = w / 2, h / 2, min(h, w) / 1.5, min(h, w) / 1.5

    # Face landmarks: crop 1.5x the face box, 192x192, [0, 1].
    crop_side = 1.5 * max(bw, bh)
    lm_in = (_warp(rgb, bx, by, crop_side, 192).astype(np.float32) / 255.0)[None]
    lm = tflite_run(sources["face_landmark"], lm_in)
    pts = lm["conv2d_21"].reshape(468, 3)
    notes["face_presence"] = round(float(1 / (1 + np.exp(-lm["conv2d_31"].ravel()[0]))), 3)

    # Iris: eye crop around landmarks 33 and 133 (the eye on the image's left), 2.3x the eye
    # width, 64x64, [0, 1]. Landmarks are in 192-px crop units: map back to the photo.
    to_photo = crop_side / 192.0
    p33 = (pts[33, :2] - 96) * to_photo + (bx, by)
    p133 = (pts[133, :2] - 96) * to_photo + (bx, by)
    centre = (p33 + p133) / 2
    eye_side = 2.3 * float(np.linalg.norm(p133 - p33)) or 32.0
    iris_in = (_warp(rgb, centre[0], centre[1], eye_side, 64).astype(np.float32) / 255.0)[None]
    iris = tflite_run(sources["iris_landmark"], iris_in)
    notes["iris_centre_in_crop"] = [round(float(v), 1) for v in iris["output_iris"][0, :2]]

    inputs = {"face_detection_short_range": det_in, "face_landmark": lm_in, "iris_landmark": iris_in}
    refs = {"face_detection_short_range": det, "face_landmark": lm, "iris_landmark": iris}
    return inputs, refs, notes, bgr


def compare(onnx_path, nhwc, reference, expected_outputs):
    """Forward the ONNX with OpenCV; check names/shapes; max |difference| per output."""
    names = [o["name"] for o in expected_outputs]
    outs, unconnected = opencv_run(onnx_path, nhwc.transpose(0, 3, 1, 2), names)
    problems = []
    if sorted(unconnected) != sorted(names):
        problems.append(f"OpenCV output layers {unconnected}, expected {names}")
    diffs, at = {}, {}
    for o in expected_outputs:
        got = outs[o["name"]].astype(np.float64)
        if list(got.shape) != o["shape"]:
            problems.append(f"output {o['name']} has shape {list(got.shape)}, expected {o['shape']}")
            continue
        ref = reference[o["name"]].reshape(got.shape).astype(np.float64)
        d = np.abs(got - ref)
        worst = int(np.argmax(d))
        diffs[o["name"]] = float(d.flat[worst])
        at[o["name"]] = float(ref.flat[worst])
        # Absolute 1e-3, widened by float32 rounding for large values (rtol 1e-5 ~ 100 ulp).
        over = d > TOLERANCE + RTOL * np.abs(ref)
        if not np.all(np.isfinite(got)) or over.any():
            i = int(np.argmax(np.where(over, d, -1)))
            problems.append(f"output {o['name']}: |ONNX - TFLite| = {d.flat[i]:.3g} at a value of "
                            f"{ref.flat[i]:.6g} (limit {TOLERANCE:g} + {RTOL:g} x |value|)")
    return diffs, at, problems


def yolox_check(onnx_path, bgr, names_lines):
    """Forward YOLOX-Nano at 416 (BGR, raw 0..255, top-left letterbox, grey 114); best detection."""
    h, w = bgr.shape[:2]
    r = min(416 / h, 416 / w)
    canvas = np.full((416, 416, 3), 114, np.uint8)
    canvas[: int(h * r), : int(w * r)] = cv2.resize(bgr, (int(w * r), int(h * r)),
                                                   interpolation=cv2.INTER_LINEAR)
    net = opencv_net(onnx_path)
    net.setInput(cv2.dnn.blobFromImage(canvas))
    names = list(net.getUnconnectedOutLayersNames())
    out = net.forward(names)[0]
    problems = []
    if list(out.shape) != [1, 3549, 85]:
        problems.append(f"output shape {list(out.shape)}, expected [1, 3549, 85]")
        return names, list(out.shape), None, problems
    score = out[0, :, 4:5] * out[0, :, 5:]
    row, cls = np.unravel_index(int(np.argmax(score)), score.shape)
    label = names_lines[cls] if cls < len(names_lines) else str(cls)
    return names, list(out.shape), {"label": label, "score": round(float(score[row, cls]), 3)}, problems
