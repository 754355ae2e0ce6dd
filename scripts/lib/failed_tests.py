#!/usr/bin/env python3
"""Prints one swift-testing --filter pattern per failed test (used by scripts/test_suites.sh).

  failed_tests.py IDS XUNIT...   IDS: the bundle's `--list-tests` output; XUNIT: its `--xunit-output` files

xUnit names a test by `classname` (`Module.Outer.Inner`) and `name` (`function(labels:)`); a filter
matches the test's id (`Module.Outer/Inner/function(labels:)`), so each failed case is looked up in
the listed ids and printed as a pattern anchored at the id's start (every case of a parameterised
test runs again). Exits 3, printing nothing, when a file cannot be read (the test process died
before writing it) or a failed test is not in the list: the caller cannot re-run it by name."""
import re
import sys
import xml.etree.ElementTree as ElementTree

ids_path, *xunit_paths = sys.argv[1:]
with open(ids_path) as listing:
    ids = [line.strip() for line in listing if "/" in line and "(" in line]

patterns = []
for path in xunit_paths:
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        print(f"failed_tests: cannot read {path}: {error}", file=sys.stderr)
        sys.exit(3)
    for case in root.iter("testcase"):
        if case.find("failure") is None and case.find("error") is None:
            continue
        wanted = case.get("classname", "") + "." + case.get("name", "")
        matches = [test_id for test_id in ids if test_id.replace("/", ".") == wanted]
        if not matches:
            print(f"failed_tests: {wanted} is not among the listed tests", file=sys.stderr)
            sys.exit(3)
        for test_id in matches:
            pattern = "^" + re.escape(test_id)
            if pattern not in patterns:
                patterns.append(pattern)
print("\n".join(patterns))
