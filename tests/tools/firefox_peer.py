#!/usr/bin/env python3
"""Firefox ESR as a Vigil participant, driven over Marionette (marionette-driver from PyPI).

Starts headless Firefox (Debian's firefox-esr) with a fresh profile: fake camera and microphone
(`media.navigator.streams.fake`), no permission prompt, autoplay allowed, Marionette on a free
port. Then reads commands on stdin, one a line:

    open ROLE URL   open a Vigil join link (the candidate ticks consent and presses Join)
    quit            (or end of input) close Firefox and remove the profile

and writes JSON lines on stdout:

    {"event": "ready", "version": "...", "marionette_port": N}
    {"event": "opened", "role": ..., "url": ...}
    {"event": "stats", "join": K, "state": ..., "connectionState": ..., "joinsSent": ...,
     "peerConnections": ..., "joinSentAt": ..., "firstJoinSentAt": ..., "connectedAt": ..., "at": ...,
     "framesDecoded": ..., "framesSent": ..., "frameWidth": ..., "sentWidth": ...,
     "states": [...every page state so far...], "localCandidates": [...]}   (every 250 ms)
    {"event": "error", "message": ...}

`join` counts the `open` commands. Everything read comes from the page's own `window.vigil`
(signaling/js/call.js) and its RTCPeerConnection's getStats(); nothing is judged here.
"""
import argparse
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from marionette_driver.marionette import Marionette

PREFS = {
    "media.navigator.streams.fake": True,
    "media.navigator.permission.disabled": True,
    "media.autoplay.default": 0,
    "media.autoplay.blocking_policy": 0,
    "media.autoplay.block-webaudio": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.aboutwelcome.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "app.update.enabled": False,
    "app.update.auto": False,
    "app.normandy.enabled": False,
    "extensions.update.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "dom.min_background_timeout_value": 4,
    "remote.prefs.recommended": True,
}

# The page's figures, read in one async script (the page's own window, not a sandbox).
STATS_SCRIPT = """
const resolve = arguments[arguments.length - 1];
const vigil = window.vigil;
if (typeof vigil !== 'object' || !vigil._call) { resolve(null); return; }
const call = vigil._call;
Promise.resolve(vigil.stats()).then(async (s) => {
  const local = [];
  if (call.pc) {
    const report = await call.pc.getStats();
    report.forEach((e) => { if (e.type === 'local-candidate') local.push(`${e.candidateType} ${e.protocol} ${e.address}`); });
  }
  const v = (s.inbound && s.inbound.video) || {};
  const o = (s.outbound && s.outbound.video) || {};
  resolve({ state: s.state, connectionState: s.connectionState, joinsSent: s.joinsSent, peerConnections: s.peerConnections,
            joinSentAt: s.joinSentAt, connectedAt: s.connectedAt, at: s.at,
            framesDecoded: v.framesDecoded || 0, frameWidth: v.frameWidth || 0, frameHeight: v.frameHeight || 0,
            framesSent: o.framesSent || 0, sentWidth: o.frameWidth || 0, sentHeight: o.frameHeight || 0,
            states: vigil.log.filter((line) => line.includes(' state ')).map((line) => line.split(' state ')[1]),
            localCandidates: local });
}, (error) => resolve({ error: String(error) }));
"""

JOIN_SCRIPT = """
const c = document.querySelector('#consent'), j = document.querySelector('#join');
if (!c || !j) return 'no join form';
if (!c.checked) c.click();
if (j.disabled) return 'waiting';
j.click();
return 'pressed';
"""


def emit(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--firefox", default=os.environ.get("VIGIL_FIREFOX", "/usr/bin/firefox-esr"))
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between stats lines")
    parser.add_argument("--max-seconds", type=float, default=300, help="quit after this long whatever comes")
    args = parser.parse_args()

    profile = tempfile.mkdtemp(prefix="vigil-firefox-")
    port = free_port()
    prefs = dict(PREFS, **{"marionette.port": port})
    with open(os.path.join(profile, "user.js"), "w") as f:
        for key, value in prefs.items():
            f.write(f"user_pref({json.dumps(key)}, {json.dumps(value)});\n")
    log = open(os.path.join(profile, "firefox.log"), "w")
    env = dict(os.environ, MOZ_HEADLESS="1", MOZ_CRASHREPORTER_DISABLE="1")
    firefox = subprocess.Popen([args.firefox, "--headless", "--marionette", "--no-remote", "--profile", profile],
                               stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    client = None
    started = time.monotonic()
    try:
        client = Marionette(host="127.0.0.1", port=port)
        client.DEFAULT_STARTUP_TIMEOUT = 60
        client.raise_for_port(timeout=60)
        capabilities = client.start_session()
        emit(event="ready", version=capabilities.get("browserVersion"), marionette_port=port,
             seconds=round(time.monotonic() - started, 2))
        client.timeout.script = 10
        role, join, pressed = None, 0, True
        first_join_sent_at = None  # the page's first `join` of this open (a rejoin moves joinSentAt on)
        next_poll = time.monotonic()
        while time.monotonic() - started < args.max_seconds:
            wait = max(0.0, next_poll - time.monotonic())
            ready, _, _ = select.select([sys.stdin], [], [], wait)
            if ready:
                line = sys.stdin.readline()
                if not line or line.strip() == "quit":
                    break
                parts = line.split()
                if len(parts) == 3 and parts[0] == "open":
                    role, url = parts[1], parts[2]
                    join += 1
                    first_join_sent_at = None
                    client.navigate(url)
                    pressed = role != "candidate"
                    emit(event="opened", role=role, url=url, join=join)
                else:
                    emit(event="error", message=f"unknown command: {line.strip()}")
                continue
            next_poll = time.monotonic() + args.interval
            if role is None:
                continue
            try:
                if not pressed:
                    answer = client.execute_script(JOIN_SCRIPT, sandbox=None)
                    pressed = answer == "pressed"
                    if answer not in ("pressed", "waiting"):
                        emit(event="error", message=f"join: {answer}")
                stats = client.execute_async_script(STATS_SCRIPT, sandbox=None)
            except Exception as error:  # a page mid-navigation, a script timeout: say so and go on
                emit(event="error", message=f"{type(error).__name__}: {error}"[:300])
                continue
            if stats is not None:
                if first_join_sent_at is None:
                    first_join_sent_at = stats.get("joinSentAt")
                emit(firstJoinSentAt=first_join_sent_at, event="stats", join=join, role=role, **stats)
    except Exception as error:
        emit(event="error", message=f"{type(error).__name__}: {error}"[:500])
        log.flush()
        with open(os.path.join(profile, "firefox.log")) as f:
            emit(event="firefox_log", text=f.read()[-2000:])
    finally:
        if client is not None:
            try:
                client.delete_session()
            except Exception:
                pass
        try:
            os.killpg(firefox.pid, 15)
            firefox.wait(timeout=10)
        except Exception:
            try:
                os.killpg(firefox.pid, 9)
            except Exception:
                pass
        log.close()
        shutil.rmtree(profile, ignore_errors=True)
        emit(event="quit")


if __name__ == "__main__":
    main()
