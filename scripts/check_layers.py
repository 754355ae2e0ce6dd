#!/usr/bin/env python3
"""The layering check `make test` runs first: fails when a module imports one it must not, so the
module picture in docs/architecture.md stays true.

Arrows point one way: a pure core at the bottom; the store, the detectors, the GStreamer layer
(and the relay and file decoding on it) and the report exporters beside each other above it; the
proctoring engine above those; the server and the commands on top. Only the GStreamer layer calls
the GStreamer C API and only the detectors call the vision shims. VigilCore does no I/O.

Usage: scripts/check_layers.py [SOURCES_DIR]   (default: Sources/ next to this script's parent)
"""
import pathlib
import re
import sys

# Modules every layer may import (the standard library of the platform).
PLATFORM = {"Foundation", "FoundationNetworking", "FoundationEssentials", "Dispatch", "Synchronization", "Glibc", "Musl", "Darwin"}

# For each module: the modules of this package and the packages it may import. A module not named
# here fails the check until it is placed in the picture.
ALLOWED = {
    "VigilCore": set(),
    "VigilStore": {"VigilCore", "GRDB", "Crypto", "PostgresNIO", "NIOCore", "NIOPosix", "NIOSSL", "Logging"},
    "VigilReport": {"VigilCore"},
    "VigilVision": {"VigilCore", "CVision", "COpenVINO", "Crypto", "CFaceEmbedding"},
    "VigilGStreamer": {"CGStreamer"},
    "VigilMedia": {"VigilCore", "VigilGStreamer"},
    "VigilLifecycle": {"VigilCore", "VigilStore", "Logging"},
    "VigilProctoring": {"VigilCore", "VigilStore", "VigilLifecycle", "VigilVision", "VigilMedia", "VigilReport", "Logging", "Metrics"},
    "VigilServer": {
        "VigilCore", "VigilStore", "VigilReport", "VigilVision", "VigilMedia", "VigilLifecycle", "VigilProctoring",
        "Hummingbird", "HummingbirdWebSocket", "HummingbirdCore", "HTTPTypes", "NIOWebSocket", "NIOCore", "NIOPosix", "NIOHTTP1", "Logging",
        "Metrics", "Prometheus", "Crypto",
        "HummingbirdTLS", "NIOSSL",
        # node to node: a recording another node holds is fetched from it (Cluster/NodeFileProxy.swift)
        "AsyncHTTPClient",
    },
    "VigilLoad": {"VigilCore", "VigilGStreamer", "HummingbirdWSClient", "HummingbirdWebSocket", "NIOCore", "Logging"},
    "vigil": {
        "VigilCore", "VigilStore", "VigilServer", "VigilReport", "VigilVision", "VigilMedia", "VigilLifecycle", "VigilProctoring",
        "ArgumentParser", "Logging", "Metrics", "Prometheus",
    },
    "vigil-bench": {
        "VigilCore", "VigilStore", "VigilReport", "VigilVision", "VigilMedia", "VigilProctoring", "VigilLoad",
        "ArgumentParser", "Logging",
    },
}

# C modules: a directory of headers, not Swift; they import nothing we check.
C_MODULES = {"CGStreamer", "CVision", "COpenVINO", "CFaceEmbedding"}

# Names that mean I/O; VigilCore must not use them (it is pure: observations in, events out).
CORE_IO = re.compile(r"\b(FileManager|FileHandle|URLSession|Process\(|Data\(contentsOf|contentsOfFile|fopen|DispatchQueue|Thread\b)")

IMPORT = re.compile(r"^\s*(?:@[\w()]+\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][\w]*)", re.M)


def main() -> int:
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "Sources"
    problems = []
    for module_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        module = module_dir.name
        if module in C_MODULES:
            continue
        if module not in ALLOWED:
            problems.append(f"{module}: not in the module picture; add it to ALLOWED in {pathlib.Path(__file__).name} and to docs/architecture.md")
            continue
        allowed = ALLOWED[module] | PLATFORM
        for source in sorted(module_dir.rglob("*.swift")):
            text = source.read_text(encoding="utf-8")
            for imported in IMPORT.findall(text):
                if imported not in allowed:
                    problems.append(f"{source.relative_to(root.parent)}: {module} must not import {imported}")
            if module == "VigilCore":
                for line_number, line in enumerate(text.splitlines(), 1):
                    if not line.lstrip().startswith("//") and CORE_IO.search(line):
                        problems.append(f"{source.relative_to(root.parent)}:{line_number}: VigilCore does no I/O: {line.strip()}")
    if problems:
        print("layering check: FAILED", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    modules = sum(1 for p in root.iterdir() if p.is_dir())
    print(f"layering check: {modules} modules follow the picture in docs/architecture.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
