"""A candidate that is not a browser: aiortc (unpatched, from PyPI) joins a Vigil session through
the signaling WebSocket as a page would (join -> welcome, offer -> answer, candidates both ways),
sends a photo as live 640x480 video at 30 fps and silence as audio, and prints one JSON line per
event on stdout for the Swift test (Tests/VigilRelayTests/AiortcCandidateTests.swift) to read:
  {"event": "offer"} {"event": "answer"} {"event": "state", "state": "connected"}
  {"event": "dtls", "state": "connected", "cipher": "..."} {"event": "sent", "frames": N}
  {"event": "error", "message": "..."}
Runs until stdin closes (the test ends it) or --seconds pass.

usage: .venv-aiortc/bin/python tests/tools/aiortc_candidate.py WS_URL PHOTO [--seconds S]
"""
import argparse
import asyncio
import json
import logging
import os
import sys

import av
import websockets
from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack
from aiortc.sdp import candidate_from_sdp


def emit(**fields):
    print(json.dumps(fields), flush=True)


class PhotoTrack(VideoStreamTrack):
    """The photo, scaled to 640x480, as a live 30 fps camera (VideoStreamTrack paces it)."""

    def __init__(self, path):
        super().__init__()
        with av.open(path) as container:
            self.photo = next(container.decode(video=0))
        self.sent = 0

    async def recv(self):
        pts, time_base = await self.next_timestamp()
        frame = self.photo.reformat(width=640, height=480, format="yuv420p")
        frame.pts, frame.time_base = pts, time_base
        self.sent += 1
        return frame


async def run(url, photo, seconds):
    pc = RTCPeerConnection()
    track = PhotoTrack(photo)

    @pc.on("connectionstatechange")
    def state_changed():
        emit(event="state", state=pc.connectionState)

    async with websockets.connect(url) as socket:
        await socket.send(json.dumps({"type": "join", "client": "aiortc"}))

        async def report():
            while True:
                await asyncio.sleep(1)
                emit(event="sent", frames=track.sent)
                dtls = next((t.sender.transport for t in pc.getTransceivers() if t.sender.transport), None)
                if dtls is not None:
                    emit(event="dtls", state=dtls.state)

        reporter = asyncio.ensure_future(report())
        try:
            async for text in socket:
                message = json.loads(text)
                kind = message.get("type")
                if kind == "offer":
                    emit(event="offer")
                    await pc.setRemoteDescription(RTCSessionDescription(sdp=message["sdp"], type="offer"))
                    for transceiver in pc.getTransceivers():
                        transceiver.sender.replaceTrack(track if transceiver.kind == "video" else AudioStreamTrack())
                        transceiver.direction = "sendrecv"
                    await pc.setLocalDescription(await pc.createAnswer())
                    # aiortc does not trickle: its candidates are in the answer.
                    await socket.send(json.dumps({"type": "answer", "sdp": pc.localDescription.sdp}))
                    emit(event="answer")
                elif kind == "candidate":
                    line = message["candidate"]
                    if not line:
                        emit(event="end-of-candidates")
                        await pc.addIceCandidate(None)
                        continue
                    candidate = candidate_from_sdp(line.removeprefix("candidate:"))
                    candidate.sdpMLineIndex = message["sdpMLineIndex"]
                    await pc.addIceCandidate(candidate)
                elif kind == "error":
                    emit(event="error", message=f"{message.get('code')}: {message.get('message')}")
                elif kind == "ended":
                    break
        finally:
            reporter.cancel()
            await pc.close()


async def main():
    # aiortc's and aioice's own account of ICE and DTLS, on stderr (the test shows it on failure).
    logging.basicConfig(level=os.environ.get("AIORTC_LOG_LEVEL", "INFO"), stream=sys.stderr)
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("photo")
    parser.add_argument("--seconds", type=float, default=60)
    arguments = parser.parse_args()
    loop = asyncio.get_running_loop()
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    call = asyncio.ensure_future(run(arguments.url, arguments.photo, arguments.seconds))
    done, _ = await asyncio.wait([call, stdin_closed], timeout=arguments.seconds, return_when=asyncio.FIRST_COMPLETED)
    if call in done and call.exception():
        emit(event="error", message=repr(call.exception()))
    call.cancel()


if __name__ == "__main__":
    asyncio.run(main())
