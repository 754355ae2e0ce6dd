#!/usr/bin/env python3
"""Put Vigil's detector models into the models folder, reproducibly, and verify them.

    convert.py [--out DIR] [--cache DIR] [--shared DIR] [--photo JPG] [--force] [--only NAME ...]
    convert.py --verify [--out DIR]

Without --verify (run inside .venv-models; scripts/models.sh makes it), for each model that is
missing or does not match models/MANIFEST.json:
  - face_detection_short_range / face_landmark / iris_landmark: takes the TFLite file out of the
    PyPI wheel mediapipe==0.10.14 (fetched once with `pip download` into the cache folder; wheel and
    .tflite sha256s are fixed below), converts it to ONNX (tflite2onnx==0.4.1, or this folder's
    tflite_to_onnx.py where tflite2onnx fails), and checks the ONNX with Debian's OpenCV 4.6 against
    the TFLite interpreter on a real photo (max |difference| < 1e-3 on every output);
  - yolox_nano.onnx and coco80.names: copies them from the shared models folder (sha256 fixed below);
then records name, sha256, size, source, converter, input and outputs in MANIFEST.json.

--verify needs only the Python standard library: it checks every file against MANIFEST.json
(and the fixed source hashes) and prints one line per file. Exit status 0 when all are good.

Folders: --out, else $VIGIL_MODELS, else <repo>/models. --cache, else <out>/.cache.
--shared, else $VIGIL_SHARED_MODELS, else <repo>/../shared/models. Relative paths are taken from
the current directory (scripts/models.sh runs from the repository root).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the tracked sources
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MANIFEST = "MANIFEST.json"
MANIFEST_FORMAT = 1

MEDIAPIPE = {
    "package": "mediapipe==0.10.14",
    "registry": "PyPI",
    "wheel_glob": "mediapipe-0.10.14-cp311-cp311-*manylinux2014_x86_64.whl",
    "wheel_sha256": "a807328339e7356fda0bb14df12fedbf1d33bdf81649c5f8666b0026b1cc30b4",
    "license": "Apache-2.0",
}
PIP_DOWNLOAD = ["download", "--no-deps", "--only-binary=:all:", "--python-version", "3.11",
                "--platform", "manylinux2014_x86_64", "mediapipe==0.10.14"]

T2O = "tflite2onnx==0.4.1 (onnx==1.17.0)"
OWN = "tools/models/tflite_to_onnx.py v1 (tflite==2.18.0, onnx==1.17.0)"

# Bump a model's "recipe" when the way it is produced changes: its manifest entry then no longer
# verifies and the set-up rebuilds it.
MODELS = [
    {
        "name": "face_detection_short_range.onnx",
        "stem": "face_detection_short_range",
        "kind": "tflite",
        "recipe": 1,
        "wheel_path": "mediapipe/modules/face_detection/face_detection_short_range.tflite",
        "source_sha256": "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8",
        "converter": "tflite2onnx",
        "what": "BlazeFace short range: faces within ~2 m, box + 6 keypoints",
        "input": {
            "name": "input", "shape": [1, 3, 128, 128], "layout": "NCHW", "colour": "RGB",
            "normalisation": "(x - 127.5) / 127.5",
            "preprocessing": "letterbox the frame into a square (keep aspect, pad), resize to 128x128",
        },
        "outputs": [
            {"name": "regressors", "shape": [1, 896, 16],
             "meaning": "per anchor: dx, dy, w, h, then 6 keypoints (x, y); in 128-px units, "
                        "offsets relative to the anchor centre (divide by 128)"},
            {"name": "classificators", "shape": [1, 896, 1],
             "meaning": "per anchor face score logit: clip to +-100, then sigmoid"},
        ],
        "postprocessing": "anchors: stride 8 x 2 per cell (16x16 grid) then stride 16 x 6 per cell "
                          "(8x8 grid) = 896, centres ((x + 0.5) / grid, (y + 0.5) / grid), "
                          "fixed size 1; cx = anchor_x + dx / 128, w = w / 128 (same for y, h, "
                          "keypoints); score = sigmoid(clip(logit, +-100)) >= 0.5; NMS IoU 0.3 "
                          "(MediaPipe: weighted); undo the letterbox",
    },
    {
        "name": "face_landmark.onnx",
        "stem": "face_landmark",
        "kind": "tflite",
        "recipe": 1,
        "wheel_path": "mediapipe/modules/face_landmark/face_landmark.tflite",
        "source_sha256": "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814",
        "converter": "own",  # tflite2onnx 0.4.1 crashes on it (IndexError)
        "what": "Face mesh: 468 landmarks (x, y, z) + face presence",
        "input": {
            "name": "input_1", "shape": [1, 3, 192, 192], "layout": "NCHW", "colour": "RGB",
            "normalisation": "x / 255 (range [0, 1])",
            "preprocessing": "square crop 1.5x the face box, centred on it, resized to 192x192",
        },
        "outputs": [
            {"name": "conv2d_21", "shape": [1, 1, 1, 1404],
             "meaning": "468 landmarks x, y, z in 192-px crop units"},
            {"name": "conv2d_31", "shape": [1, 1, 1, 1],
             "meaning": "face presence logit (apply sigmoid)"},
        ],
        "postprocessing": "map x, y back through the crop; eye aspect ratio, head pose by solvePnP "
                          "on landmarks 1, 152, 33, 263, 61, 291",
    },
    {
        "name": "iris_landmark.onnx",
        "stem": "iris_landmark",
        "kind": "tflite",
        "recipe": 1,
        "wheel_path": "mediapipe/modules/iris_landmark/iris_landmark.tflite",
        "source_sha256": "d1744d2a09c25f501d39eba4faff47e53ecca8852c5ce19bce8eeac39357521f",
        "converter": "tflite2onnx",
        "what": "Iris: iris centre + contour and eye contour from an eye crop",
        "input": {
            "name": "input_1", "shape": [1, 3, 64, 64], "layout": "NCHW", "colour": "RGB",
            "normalisation": "x / 255 (range [0, 1])",
            "preprocessing": "square eye crop (about 2.3x the eye-corner distance, e.g. landmarks "
                             "33 and 133), resized to 64x64",
        },
        "outputs": [
            {"name": "output_eyes_contours_and_brows", "shape": [1, 213],
             "meaning": "71 eye-contour and brow points x, y, z in 64-px crop units"},
            {"name": "output_iris", "shape": [1, 15],
             "meaning": "5 iris points x, y, z (centre first) in 64-px crop units"},
        ],
        "postprocessing": "iris centre relative to the eye corners gives horizontal gaze",
    },
    {
        "name": "yolox_nano.onnx",
        "kind": "copy",
        "recipe": 1,
        "source_sha256": "695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14",
        "size": 3660092,
        "converter": "none (copied)",
        "what": "YOLOX-Nano, COCO 80 classes (Megvii, Apache-2.0)",
        "origin": "Kazuhito00/YOLOX-ONNX-TFLite-Sample model/yolox_nano.onnx (last changed in "
                  "commit 0f785c070ce8da070aeaeef46c0da7904ff7012e), an Apache-2.0 ONNX export of "
                  "Megvii-BaseDetection/YOLOX release 0.1.1rc0 yolox_nano.pth",
        "license": "Apache-2.0",
        "input": {
            "name": "images", "shape": [1, 3, 416, 416], "layout": "NCHW", "colour": "BGR",
            "normalisation": "none: raw 0..255 (cv2.dnn.blobFromImage defaults)",
            "preprocessing": "letterbox top-left: r = min(416/h, 416/w), resize to (int(w*r), "
                             "int(h*r)) INTER_LINEAR, paste at top-left of 416x416 filled with 114",
        },
        "outputs": [
            {"name": "output", "shape": [1, 3549, 85],
             "meaning": "rows for strides 8, 16, 32 (52x52, 26x26, 13x13, row-major); columns tx, "
                        "ty, tw, th, objectness, 80 class scores (already sigmoid-ed)"},
        ],
        "postprocessing": "cx = (tx + gx) * s, cy = (ty + gy) * s, w = exp(tw) * s, h = exp(th) * s; "
                          "score = objectness * class; divide by r; per-class NMS IoU 0.45, "
                          "score >= 0.3",
    },
    {
        "name": "coco80.names",
        "kind": "copy",
        "recipe": 1,
        "source_sha256": "bd17f1ee35d5f3c862a4894605855abbb9dda4b0621fdb0ac4c2c8c7bb7e730a",
        "size": 621,
        "converter": "none (copied)",
        "what": "The 80 COCO class names for YOLOX, one per line, 0-based index = line - 1",
        "origin": "string list in Megvii-BaseDetection/YOLOX yolox/data/datasets/coco_classes.py",
        "license": "Apache-2.0",
    },
]
BY_NAME = {m["name"]: m for m in MODELS}

OBTAIN_YOLOX = """\
{name} (sha256 {sha}) is not in {shared}.
  It is Megvii's YOLOX-Nano (COCO, Apache-2.0) as ONNX, and is never fetched by the set-up: only
  Debian and PyPI packages are. To get it:
    - the exact file pinned here: `model/yolox_nano.onnx` of the GitHub repository
      Kazuhito00/YOLOX-ONNX-TFLite-Sample (3,660,092 bytes; an ONNX export of Megvii's release
      0.1.1rc0 yolox_nano.pth), with `coco80.names` (the 80 names of YOLOX's
      yolox/data/datasets/coco_classes.py, one per line, 621 bytes);
    - Megvii's own release asset Megvii-BaseDetection/YOLOX 0.1.1rc0 `yolox_nano.onnx` holds the
      same weights but different bytes: to use it, change its sha256 in tools/models/convert.py.
  Put both files in {shared} (or point VIGIL_SHARED_MODELS at their folder, or copy them straight
  into {out}), then rerun scripts/models.sh."""


class SetupError(Exception):
    pass


# -- small helpers (standard library only) -----------------------------------------------------
def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def say(msg):
    print(f"models: {msg}", flush=True)


def line(name, status, seconds, detail=""):
    say(f"{name:<33} {status:<10} {seconds:6.2f} s" + (f"  {detail}" if detail else ""))


def atomic_write(path, data):
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def folders(args):
    out = Path(args.out or os.environ.get("VIGIL_MODELS") or REPO / "models")
    cache = Path(args.cache) if getattr(args, "cache", None) else out / ".cache"
    shared = Path(getattr(args, "shared", None) or os.environ.get("VIGIL_SHARED_MODELS")
                  or REPO.parent / "shared" / "models")
    return out, cache, shared


def load_manifest(out):
    path = out / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
        if data.get("format") != MANIFEST_FORMAT:
            return {}
        return {f["name"]: f for f in data.get("files", [])}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_manifest(out, entries):
    files = [entries[m["name"]] for m in MODELS if m["name"] in entries]
    doc = {
        "format": MANIFEST_FORMAT,
        "generated_by": "tools/models/convert.py (scripts/models.sh)",
        "note": "sha256 is of the file in this folder; the set-up re-verifies every file against it. "
                "tflite2onnx output differs byte-wise between runs, so converted files' sha256 are "
                "recorded at conversion time; the sources' sha256 are fixed in convert.py.",
        "files": files,
    }
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    # Keep shapes on one line: [1, 3, 128, 128].
    text = re.sub(r"\[\s+([-\d.,\s]+?)\s+\]", lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
    atomic_write(out / MANIFEST, (text + "\n").encode())


def check_file(out, model, entry):
    """(ok, status, detail) of one file against its manifest entry and the fixed constants."""
    name = model["name"]
    path = out / name
    how = "run scripts/models.sh (or `make setup`) to rebuild it"
    if model["kind"] == "copy":
        how = (f"run scripts/models.sh with {name} (sha256 {model['source_sha256']}) in the shared "
               f"models folder (see tools/models/README.md)")
    if not path.exists():
        expected = (entry or {}).get("sha256") or (model["source_sha256"] if model["kind"] == "copy" else None)
        exp = (f" ({'MANIFEST.json lists' if entry else 'expected'} sha256 {expected})"
               if expected else "")
        return False, "missing", f"{path} is missing{exp}; {how}"
    if entry is None:
        return False, "unlisted", f"{path} is not in {out / MANIFEST}; {how}"
    source = (entry.get("source") or {}).get("sha256")
    if source != model["source_sha256"] or entry.get("recipe") != model["recipe"]:
        return False, "stale", (f"{path} was made from another source or recipe than "
                                f"tools/models/convert.py pins (source sha256 {source}, recipe "
                                f"{entry.get('recipe')}); {how}")
    size = path.stat().st_size
    actual = sha256_file(path)
    if size != entry.get("size") or actual != entry.get("sha256"):
        return False, "corrupt", (f"{path} has sha256 {actual} ({size} bytes) but {MANIFEST} "
                                  f"expects {entry.get('sha256')} ({entry.get('size')} bytes); {how}")
    if model["kind"] == "copy" and actual != model["source_sha256"]:
        return False, "corrupt", f"{path} has sha256 {actual}, expected {model['source_sha256']}; {how}"
    return True, "ok", f"sha256 {actual[:16]}…"


def verify(out, quiet=False):
    """Check every file; print one line each. Returns the names that are not good."""
    entries = load_manifest(out)
    bad = []
    for model in MODELS:
        t = time.monotonic()
        ok, status, detail = check_file(out, model, entries.get(model["name"]))
        if not ok:
            bad.append(model["name"])
        if not quiet or not ok:
            line(model["name"], status, time.monotonic() - t, detail)
    return bad


# -- obtaining sources ---------------------------------------------------------------------------
def mediapipe_wheel(cache):
    """Path of the verified mediapipe wheel in the cache, downloading it with pip if needed."""
    cache.mkdir(parents=True, exist_ok=True)
    for attempt in (1, 2):
        for path in sorted(cache.glob(MEDIAPIPE["wheel_glob"])):
            if sha256_file(path) == MEDIAPIPE["wheel_sha256"]:
                return path
            say(f"removing {path}: sha256 {sha256_file(path)} is not "
                f"{MEDIAPIPE['wheel_sha256']}")
            path.unlink()
        if attempt == 2:
            break
        t = time.monotonic()
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            cmd = ([sys.executable, "-m", "pip"] + PIP_DOWNLOAD[:1]
                   + ["-q", "--disable-pip-version-check", "--progress-bar", "off"]
                   + PIP_DOWNLOAD[1:] + ["-d", tmp])
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                raise SetupError(
                    f"could not download {MEDIAPIPE['package']} from PyPI with\n  "
                    f"{' '.join(cmd[2:])}\n{run.stderr.strip()}\n"
                    f"  With no access to PyPI, put the wheel (sha256 {MEDIAPIPE['wheel_sha256']}) "
                    f"into {cache} and rerun.")
            for f in Path(tmp).glob("*.whl"):
                os.replace(f, cache / f.name)
        say(f"downloaded {MEDIAPIPE['package']} wheel into {cache} in {time.monotonic() - t:.1f} s")
    raise SetupError(f"no {MEDIAPIPE['wheel_glob']} with sha256 {MEDIAPIPE['wheel_sha256']} "
                     f"in {cache} after pip download")


def tflite_sources(wheel):
    out = {}
    with zipfile.ZipFile(wheel) as z:
        for m in MODELS:
            if m["kind"] != "tflite":
                continue
            try:
                data = z.read(m["wheel_path"])
            except KeyError:
                raise SetupError(f"{wheel.name} has no {m['wheel_path']}") from None
            got = sha256_bytes(data)
            if got != m["source_sha256"]:
                raise SetupError(f"{m['wheel_path']} in {wheel.name} has sha256 {got}, "
                                 f"expected {m['source_sha256']}")
            out[m["stem"]] = data
    return out


# -- converting ----------------------------------------------------------------------------------
def to_onnx(model, data, dst, tmp):
    """Convert TFLite bytes to ONNX file `dst`; returns the converter used."""
    src = Path(tmp) / (model["stem"] + ".tflite")
    src.write_bytes(data)
    if model["converter"] == "tflite2onnx":
        import logging

        import tflite2onnx

        # It warns that float16 (the DEQUANTIZE'd weights) is "not tested": the check below is.
        logging.getLogger("tflite2onnx").setLevel(logging.ERROR)
        tflite2onnx.convert(str(src), str(dst))
        return T2O
    import tflite_to_onnx

    tflite_to_onnx.convert_file(str(src), str(dst))
    return OWN


def convert_face_models(todo, out, cache, photo, entries):
    import cv2

    import refcheck

    wheel = mediapipe_wheel(cache)
    sources = tflite_sources(wheel)
    inputs, refs, notes, _ = refcheck.reference_inputs(sources, photo)
    say(f"reference: TFLite interpreter (tflite-runtime 2.14.0, reference kernels) on "
        f"{notes['photo']}: face {notes['face_score']} at {notes['face_box_xywh']}, presence "
        f"{notes['face_presence']}, iris centre {notes['iris_centre_in_crop']} in the 64-px crop")
    for model in todo:
        t = time.monotonic()
        with tempfile.TemporaryDirectory(dir=out) as tmp:
            dst = Path(tmp) / model["name"]
            attempts = [model["converter"]] + (["own"] if model["converter"] != "own" else [])
            problems = []
            for conv in attempts:
                try:
                    used = to_onnx(dict(model, converter=conv), sources[model["stem"]], dst, tmp)
                except Exception as e:  # a converter crash: try the next one
                    problems.append(f"{conv}: {type(e).__name__}: {e}")
                    continue
                diffs, at, issues = refcheck.compare(dst, inputs[model["stem"]], refs[model["stem"]],
                                                 model["outputs"])
                if not issues:
                    break
                problems.append(f"{conv}: " + "; ".join(issues))
            else:
                raise SetupError(f"could not convert {model['wheel_path']}:\n  " + "\n  ".join(problems))
            if problems:
                say(f"{model['name']}: fell back to {used} after: {'; '.join(problems)}")
            os.replace(dst, out / model["name"])
        path = out / model["name"]
        entries[model["name"]] = {
            "name": model["name"],
            "sha256": sha256_file(path),
            "size": path.stat().st_size,
            "what": model["what"],
            "recipe": model["recipe"],
            "source": {"package": MEDIAPIPE["package"], "registry": MEDIAPIPE["registry"],
                       "wheel": wheel.name, "wheel_sha256": MEDIAPIPE["wheel_sha256"],
                       "path": model["wheel_path"], "sha256": model["source_sha256"]},
            "license": MEDIAPIPE["license"],
            "converter": used,
            "opset": 11,
            "input": model["input"],
            "outputs": model["outputs"],
            "postprocessing": model["postprocessing"],
            "check": {"reference": "tflite-runtime==2.14.0 interpreter, reference kernels",
                      "runtime": f"OpenCV {cv2.__version__} cv2.dnn (DNN_BACKEND_OPENCV, CPU)",
                      "photo": notes["photo"],
                      "criterion": f"|ONNX - TFLite| <= {refcheck.TOLERANCE:g} + "
                                   f"{refcheck.RTOL:g} x |TFLite| for every element",
                      "max_abs_diff": {k: float(f"{v:.3g}") for k, v in diffs.items()},
                      "value_at_max_abs_diff": {k: float(f"{v:.6g}") for k, v in at.items()}},
        }
        save_manifest(out, entries)
        line(model["name"], "converted", time.monotonic() - t,
             f"{used.split(' ')[0]}; max |ONNX-TFLite| "
             + ", ".join(f"{o['name']} {list(o['shape'])} {diffs[o['name']]:.1e}"
                         + (f" (at {at[o['name']]:.4g})" if abs(at[o["name"]]) > 100 else "")
                         for o in model["outputs"]))


def copy_shared(todo, out, shared, photo, entries):
    import refcheck

    for model in todo:
        t = time.monotonic()
        name = model["name"]
        candidates = [shared / name, out / name]
        src = next((p for p in candidates if p.exists() and sha256_file(p) == model["source_sha256"]), None)
        if src is None:
            found = [f"{p} has sha256 {sha256_file(p)}" for p in candidates if p.exists()]
            raise SetupError(OBTAIN_YOLOX.format(name=name, sha=model["source_sha256"], shared=shared, out=out)
                             + ("\n  Found instead: " + "; ".join(found) if found else ""))
        if src != out / name:
            with tempfile.TemporaryDirectory(dir=out) as tmp:
                shutil.copyfile(src, Path(tmp) / name)
                os.chmod(Path(tmp) / name, 0o644)
                os.replace(Path(tmp) / name, out / name)
        entry = {"name": name, "sha256": model["source_sha256"], "size": (out / name).stat().st_size,
                 "what": model["what"], "recipe": model["recipe"],
                 "source": {"folder": str(src.parent), "origin": model["origin"],
                            "sha256": model["source_sha256"]},
                 "license": model["license"], "converter": model["converter"]}
        detail = f"from {src.parent}"
        if name == "yolox_nano.onnx":
            labels = (shared / "coco80.names") if (shared / "coco80.names").exists() else out / "coco80.names"
            lines = labels.read_text().splitlines() if labels.exists() else []
            bgr, photo_name = refcheck.load_photo(photo)
            names, shape, best, problems = refcheck.yolox_check(out / name, bgr, lines)
            if problems:
                (out / name).unlink()
                raise SetupError(f"{name} does not run as expected with OpenCV: {'; '.join(problems)}")
            entry.update({"opset": 11, "input": model["input"],
                          "outputs": [dict(o, name=n) for o, n in zip(model["outputs"], names)],
                          "postprocessing": model["postprocessing"],
                          "check": {"runtime": "OpenCV cv2.dnn", "photo": photo_name, "best": best}})
            detail += f"; outputs {names[0]} {shape}; best on photo: {best['label']} {best['score']}"
        entries[name] = entry
        save_manifest(out, entries)
        line(name, "copied", time.monotonic() - t, detail)


def produce(args):
    out, cache, shared = folders(args)
    out.mkdir(parents=True, exist_ok=True)
    entries = load_manifest(out)
    todo = []
    for model in MODELS:
        if args.only and model["name"] not in args.only and model.get("stem") not in args.only:
            continue
        t = time.monotonic()
        ok, status, detail = check_file(out, model, entries.get(model["name"]))
        if ok and not args.force:
            line(model["name"], "ok", time.monotonic() - t, detail)
            continue
        if not ok and status != "missing":
            say(f"{model['name']}: {status}: {detail.split('; ')[0]}; rebuilding it")
        entries.pop(model["name"], None)
        todo.append(model)
    if not todo:
        return 0
    missing = []
    for module in ("cv2", "numpy", "onnx", "tflite", "tflite2onnx", "tflite_runtime.interpreter"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise SetupError(f"{sys.executable} cannot import {', '.join(missing)}: run scripts/models.sh, "
                         f"which makes .venv-models with tools/models/requirements.txt")
    import cv2

    if cv2.__version__ != "4.6.0":
        raise SetupError(f"cv2 {cv2.__version__} from {cv2.__file__}: the models are checked with "
                         f"Debian 12's OpenCV 4.6.0 (python3-opencv), the version the server uses")
    cv2.setNumThreads(1)  # small models; the machine is shared
    sys.path.insert(0, str(HERE))
    face = [m for m in todo if m["kind"] == "tflite"]
    if face:
        convert_face_models(face, out, cache, args.photo, entries)
    copies = [m for m in todo if m["kind"] == "copy"]
    # coco80.names first: the YOLOX check prints the best label.
    copies.sort(key=lambda m: m["name"] != "coco80.names")
    if copies:
        copy_shared(copies, out, shared, args.photo, entries)
    entries = load_manifest(out)
    bad = [m["name"] for m in todo if not check_file(out, m, entries.get(m["name"]))[0]]
    if bad:
        raise SetupError(f"after conversion, still not good: {', '.join(bad)}")
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--verify", action="store_true", help="only check the folder against MANIFEST.json")
    p.add_argument("--quiet", action="store_true", help="with --verify: print only problems")
    p.add_argument("--out", help="models folder (default $VIGIL_MODELS or <repo>/models)")
    p.add_argument("--cache", help="download cache (default <out>/.cache)")
    p.add_argument("--shared", help="folder with yolox_nano.onnx and coco80.names "
                                    "(default $VIGIL_SHARED_MODELS or <repo>/../shared/models)")
    p.add_argument("--photo", default=str(REPO.parent / "shared" / "media" / "faces" / "frontal"
                                          / "grace_hopper_frontal.jpg"),
                   help="photo for the reference check (default the shared Grace Hopper portrait; "
                        "a synthetic image if it is missing)")
    p.add_argument("--force", action="store_true", help="rebuild even the files that verify")
    p.add_argument("--only", nargs="+", help="only these files (name or stem)")
    args = p.parse_args(argv)
    if args.only:
        unknown = [n for n in args.only if n not in BY_NAME and n not in {m.get("stem") for m in MODELS}]
        if unknown:
            p.error(f"unknown model {unknown}; known: {', '.join(BY_NAME)}")
    try:
        if args.verify:
            out = folders(args)[0]
            bad = verify(out, quiet=args.quiet)
            if bad:
                say(f"{len(bad)} of {len(MODELS)} files in {out} are missing or wrong: {', '.join(bad)}")
                return 1
            return 0
        return produce(args)
    except SetupError as e:
        print(f"models: error: {e}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
