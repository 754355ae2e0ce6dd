"""The one SHA-256 helper the set-up scripts share (models.py, openvino_runtime.py)."""
import hashlib


def sha256_file(path):
    """The file's SHA-256 as hex, read in 1 MiB chunks (wheels are tens of MiB)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
