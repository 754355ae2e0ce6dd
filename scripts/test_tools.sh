#!/usr/bin/env bash
# Idempotent set-up of the Python tools the tests run, one venv per tool, each installed from its
# requirements file under tests/tools with every hash checked: .venv-tests (schemathesis, the REST
# fuzz test) and .venv-aiortc (aiortc, the non-browser WebRTC candidate), .venv-firefox (marionette-driver,
# which drives Firefox ESR in the Firefox browser test). Does nothing for a venv
# that already matches its requirements file. `make setup` calls it.
set -euo pipefail
started=$(date +%s)
cd "$(dirname "$0")/.."
# install VENV REQUIREMENTS PROBE: (re)creates VENV from REQUIREMENTS (every hash checked) unless
# PROBE runs inside it and the venv was made from this very requirements file.
install() {
  local venv=$1 requirements=$2 probe=$3
  local stamp="$venv/.requirements.sha256" wanted
  wanted=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ] && "$venv/bin/python" -c "$probe" >/dev/null 2>&1; then
    echo "test tools: $venv present ($("$venv/bin/python" -c "$probe" | tr -d '\n'))"
    return
  fi
  local began=$(date +%s)
  echo "test tools: installing $requirements into $venv"
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --require-hashes --only-binary=:all: -r "$requirements"
  echo "$wanted" > "$stamp"
  echo "test tools: $venv done in $(( $(date +%s) - began )) s ($("$venv/bin/python" -c "$probe" | tr -d '\n'))"
}

# schemathesis: the REST fuzz test (Tests/VigilServerTests/RESTFuzzTests.swift).
install .venv-tests tests/tools/requirements.txt \
  'import importlib.metadata as m; print("schemathesis", m.version("schemathesis"))'
# marionette-driver: drives Firefox ESR (Tests/VigilRelayTests/FirefoxPeerTests.swift, tests/tools/firefox_peer.py).
install .venv-firefox tests/tools/firefox-requirements.txt \
  'import importlib.metadata as m, marionette_driver; print("marionette-driver", m.version("marionette-driver"))'
# aiortc: a non-browser WebRTC stack as the candidate (Tests/VigilRelayTests/AiortcCandidateTests.swift).
install .venv-aiortc tests/tools/aiortc-requirements.txt \
  'import importlib.metadata as m, aiortc, av; print("aiortc", m.version("aiortc"))'
echo "test tools: done in $(( $(date +%s) - started )) s"
