#!/usr/bin/env python3
"""Unpack OpenVINO's C API (headers and libraries) from the pinned PyPI wheel into .openvino/.

    openvino_runtime.py [--dir .openvino]      # idempotent: verifies what is there, unpacks what is not

Standard library only (Debian's /usr/bin/python3; scripts/models.sh runs it). The wheel
`openvino==2025.3.0` (cp311, manylinux2014_x86_64) is fetched once with `pip download
--require-hashes` into DIR/.cache and its sha256 checked; the files below are taken out of it and
each is checked against the sha256 the wheel's RECORD lists for it, on every run. Package.swift
compiles COpenVINO against DIR/include and links DIR/lib (with an rpath to it).
"""

import argparse
import base64
import csv
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from checksums import sha256_file

sys.dont_write_bytecode = True
REPO = Path(__file__).resolve().parent.parent.parent
VERSION = "2025.3.0"
WHEEL = "openvino-2025.3.0-19807-cp311-cp311-manylinux2014_x86_64.whl"
WHEEL_SHA256 = "fcc9e4e8116845359a15dfd721bb863a207325bd267770919cc0fb72e6036764"
LICENCE = "Apache-2.0 (openvino-2025.3.0.dist-info/licenses/LICENSE; third-party notices beside it)"

# What Vigil needs from the wheel: the C API headers, the C API and runtime, the CPU plugin, the
# TensorFlow Lite and ONNX front ends, oneTBB (and tbbbind + hwloc, which TBB loads for CPU topology).
HEADERS = "openvino/include/openvino/c/"
LIBRARIES = ["libopenvino_c.so.2530", "libopenvino.so.2530", "libopenvino_intel_cpu_plugin.so",
             "libopenvino_tensorflow_lite_frontend.so.2530", "libopenvino_onnx_frontend.so.2530",
             "libtbb.so.12", "libtbbbind_2_5.so.3", "libhwloc.so.15"]
LICENCES = "openvino-2025.3.0.dist-info/licenses/"
# Link-time names: -lopenvino_c needs libopenvino_c.so.
LINKS = {"libopenvino_c.so": "libopenvino_c.so.2530"}


class SetupError(Exception):
    pass


def say(msg):
    print(f"openvino: {msg}", flush=True)


def wanted(name):
    return (name.startswith(HEADERS) and name.endswith(".h")) or name.startswith(LICENCES) \
        or (name.startswith("openvino/libs/") and name.rsplit("/", 1)[1] in LIBRARIES)


def destination(root, name):
    if name.startswith("openvino/include/"):
        return root / "include" / name[len("openvino/include/"):]
    if name.startswith("openvino/libs/"):
        return root / "lib" / name.rsplit("/", 1)[1]
    return root / "licenses" / name[len(LICENCES):]


def wheel(cache):
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / WHEEL
    if path.exists() and sha256_file(path) == WHEEL_SHA256:
        return path
    if path.exists():
        say(f"removing {path}: sha256 {sha256_file(path)} is not {WHEEL_SHA256}")
        path.unlink()
    t = time.monotonic()
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        requirement = Path(tmp) / "requirements.txt"
        requirement.write_text(f"openvino=={VERSION} --hash=sha256:{WHEEL_SHA256}\n")
        cmd = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--progress-bar", "off",
               "--no-deps", "--only-binary=:all:", "--python-version", "3.11", "--platform", "manylinux2014_x86_64",
               "--require-hashes", "-r", str(requirement), "-d", tmp]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            raise SetupError(f"could not download openvino=={VERSION} from PyPI with\n  {' '.join(cmd[2:])}\n"
                             f"{run.stderr.strip()}\n  With no access to PyPI, put {WHEEL} (sha256 {WHEEL_SHA256}) "
                             f"into {cache} and rerun. Debian's python3-pip provides pip (scripts/setup.sh installs it).")
        os.replace(Path(tmp) / WHEEL, path)
    if sha256_file(path) != WHEEL_SHA256:
        raise SetupError(f"{path} has sha256 {sha256_file(path)}, expected {WHEEL_SHA256}")
    say(f"downloaded openvino=={VERSION} ({path.stat().st_size:,} bytes) in {time.monotonic() - t:.1f} s")
    return path


def record(z):
    """name -> sha256 hex of every wanted file, from the wheel's RECORD."""
    text = z.read("openvino-2025.3.0.dist-info/RECORD").decode()
    out = {}
    for row in csv.reader(io.StringIO(text)):
        if len(row) >= 2 and wanted(row[0]) and row[1].startswith("sha256="):
            digest = base64.urlsafe_b64decode(row[1][len("sha256="):] + "==")
            out[row[0]] = digest.hex()
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dir", default=str(REPO / ".openvino"))
    args = p.parse_args(argv)
    root = Path(args.dir)
    started = time.monotonic()
    sums = root / "SHA256SUMS"
    try:
        # Fast path: every file listed (from the wheel's RECORD at unpacking) is there and matches.
        if sums.exists() and (root / ".wheel-sha256").read_text().strip() == WHEEL_SHA256:
            bad = []
            for line in sums.read_text().splitlines():
                sha, name = line.split("  ", 1)
                path = root / name
                if not path.exists() or sha256_file(path) != sha:
                    bad.append(name)
            if not bad and all((root / "lib" / link).is_symlink() for link in LINKS):
                say(f"openvino=={VERSION} present in {root}, {len(sums.read_text().splitlines())} files verified "
                    f"({time.monotonic() - started:.1f} s)")
                return 0
            say(f"{len(bad)} files missing or wrong in {root} ({', '.join(bad[:3])}…): unpacking again")
        path = wheel(root / ".cache")
        with zipfile.ZipFile(path) as z:
            expected = record(z)
            missing = [lib for lib in LIBRARIES if f"openvino/libs/{lib}" not in expected]
            if missing or not any(n.startswith(HEADERS) for n in expected):
                raise SetupError(f"{path.name} lacks {missing or 'the C headers'}")
            lines = []
            for name, sha in sorted(expected.items()):
                data = z.read(name)
                if hashlib.sha256(data).hexdigest() != sha:
                    raise SetupError(f"{name} in {path.name} does not match the wheel's RECORD")
                dst = destination(root, name)
                dst.parent.mkdir(parents=True, exist_ok=True)
                tmp = dst.with_name(f".{dst.name}.tmp")
                tmp.write_bytes(data)
                os.chmod(tmp, 0o755 if "/libs/" in name else 0o644)
                os.replace(tmp, dst)
                lines.append(f"{sha}  {dst.relative_to(root)}")
        for link, target in LINKS.items():
            (root / "lib" / link).unlink(missing_ok=True)
            (root / "lib" / link).symlink_to(target)
        sums.write_text("\n".join(lines) + "\n")
        (root / ".wheel-sha256").write_text(WHEEL_SHA256 + "\n")
        say(f"unpacked openvino=={VERSION} ({len(lines)} files: C headers, {len(LIBRARIES)} libraries, licences; "
            f"licence {LICENCE}) into {root} in {time.monotonic() - started:.1f} s")
        return 0
    except SetupError as e:
        print(f"openvino: error: {e}", file=sys.stderr, flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
