#!/usr/bin/env python3
"""Replays tests/corpus/rest/malformed.json against a running Vigil (raw HTTP/1.1 over a socket, so
paths and bytes go out exactly as written) and prints one JSON line: inputs tried per class, how
many got the expected 4xx JSON error, and whether the server still answered /healthz afterwards.
Usage: replay_corpus.py PORT ADMIN_KEY. Used by scripts/bench.sh; the Swift test
Tests/VigilServerTests/MalformedCorpusTests.swift replays the same file with its own assertions."""
import json, re, socket, sys, urllib.parse
from pathlib import Path

port, admin = int(sys.argv[1]), sys.argv[2]


def request(method, path, token=None, body=b"", content_type="application/json"):
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", f"Content-Length: {len(body)}"]
    if token is not None:
        head.append(f"Authorization: {token}")
    if content_type:
        head.append(f"Content-Type: {content_type}")
    raw = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(raw)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    header, _, payload = data.partition(b"\r\n\r\n")
    status = int(header.split(b" ", 2)[1]) if header else 0
    return status, payload


def create(name):
    status, payload = request("POST", "/api/sessions", f"Bearer {admin}", json.dumps({"candidate_name": name, "interviewer_name": "Bench"}).encode())
    created = json.loads(payload)
    tokens = {role: urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0] for role, link in created["links"].items()}
    _, event = request("POST", f"/api/sessions/{created['id']}/events", f"Bearer {tokens['proctor']}", b'{"kind": "phone"}')
    return created["id"], tokens, json.loads(event)["id"]


victim, tokens, event = create("Victim")
other, other_tokens, other_event = create("Other")
credentials = {"candidate": f"Bearer {tokens['candidate']}", "interviewer": f"Bearer {tokens['interviewer']}",
               "proctor": f"Bearer {tokens['proctor']}", "admin": f"Bearer {admin}", "none": None,
               "wrong": "Bearer wrong-token-0000", "empty": "Bearer ", "basic": "Basic dXNlcjpwYXNz",
               "long": "Bearer " + "t" * 4096, "other": f"Bearer {other_tokens['candidate']}"}
corpus = json.loads((Path(__file__).parent.parent / "tests/corpus/rest/malformed.json").read_text())["inputs"]
tried, refused, server_errors = {}, {}, 0
for entry in corpus:
    if "body_hex" in entry:
        body = bytes.fromhex(entry["body_hex"])
    elif "body_repeat" in entry:
        r = entry["body_repeat"]
        body = (r["prefix"] + r["fill"] * r["count"] + r["suffix"]).encode()
    else:
        body = entry.get("body", "").encode()
    path = entry["path"].replace("{session}", victim).replace("{other_event}", str(other_event)).replace("{event}", str(event))
    status, payload = request(entry["method"], path, credentials[entry["token"]], body, entry.get("content_type", "application/json"))
    cls = entry["class"]
    tried[cls] = tried.get(cls, 0) + 1
    server_errors += status >= 500 or status == 0
    try:
        ok = status == entry["expect"] and json.loads(payload)["error"]["code"] == entry.get("code", json.loads(payload)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        ok = False
    refused[cls] = refused.get(cls, 0) + ok
    if not ok:
        print(f"unexpected: {cls} / {entry['name']}: {status} {payload[:200]!r}", file=sys.stderr)
alive = request("GET", "/healthz")[0] == 200
print(json.dumps({"tried": tried, "as_expected": refused, "total": sum(tried.values()), "server_errors": server_errors, "alive": alive}))
