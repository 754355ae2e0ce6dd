#!/usr/bin/env bash
# Idempotent set-up of the Python tools the tests run: a venv in .venv-tests holding schemathesis
# (the REST fuzz test), installed from tests/tools/requirements.txt with every hash checked. Does
# nothing when the venv already matches the requirements file. `make setup` calls it.
set -euo pipefail
started=$(date +%s)
cd "$(dirname "$0")/.."
venv=.venv-tests
requirements=tests/tools/requirements.txt
stamp="$venv/.requirements.sha256"
wanted=$(sha256sum "$requirements" | cut -d' ' -f1)

if [ -x "$venv/bin/schemathesis" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  echo "test tools: present ($("$venv/bin/schemathesis" --version 2>/dev/null | tr -d '\n'))"
  exit 0
fi
echo "test tools: installing $requirements into $venv"
rm -rf "$venv"
/usr/bin/python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --require-hashes --only-binary=:all: -r "$requirements"
echo "$wanted" > "$stamp"
echo "test tools: done in $(( $(date +%s) - started )) s ($("$venv/bin/schemathesis" --version | tr -d '\n'))"
