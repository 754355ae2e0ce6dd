// Candidate page: consent, camera and microphone preview with device choice, join, the
// interviewer on the stage, connection state, automatic reconnect (call.js).

import { VigilCall, showState } from './call.js';
import { watchPageEvents } from './page-events.js';

const stateElement = document.querySelector('#state');
const preview = document.querySelector('#preview');
const remote = document.querySelector('#remote');
const consent = document.querySelector('#consent');
const join = document.querySelector('#join');
const leave = document.querySelector('#leave');
const cameraSelect = document.querySelector('#camera');
const microphoneSelect = document.querySelector('#microphone');
let localStream = null;

const call = new VigilCall({
  role: 'candidate',
  localStream: () => localStream,
  onRemoteStream: (stream) => { if (remote.srcObject !== stream) remote.srcObject = stream; },
  onState: (state, detail) => {
    showState(stateElement, state, detail);
    join.hidden = state !== 'idle' && state !== 'failed';
    leave.hidden = !join.hidden || state === 'ended';
  },
});

async function openDevices() {
  const constraints = {
    video: { width: 640, height: 480, frameRate: 30, ...(cameraSelect.value ? { deviceId: { exact: cameraSelect.value } } : {}) },
    audio: microphoneSelect.value ? { deviceId: { exact: microphoneSelect.value } } : true,
  };
  const stream = await navigator.mediaDevices.getUserMedia(constraints);
  // When the camera started (support staff and tests line recorded camera time up with it).
  window.vigil = Object.assign(window.vigil ?? {}, { captureStartedAt: Date.now() });
  localStream?.getTracks().forEach((track) => track.stop());
  localStream = stream;
  preview.srcObject = stream;
  const devices = await navigator.mediaDevices.enumerateDevices();
  for (const [select, kind] of [[cameraSelect, 'videoinput'], [microphoneSelect, 'audioinput']]) {
    const chosen = stream.getTracks().find((track) => track.kind === kind.slice(0, 5))?.getSettings().deviceId;
    select.replaceChildren(...devices.filter((device) => device.kind === kind).map((device, index) => {
      const option = new Option(device.label || `${kind} ${index + 1}`, device.deviceId);
      option.selected = device.deviceId === chosen;
      return option;
    }));
  }
  // A device change mid-call: the server keeps its pipeline; only the sent track changes.
  for (const sender of call.pc?.getSenders() ?? []) {
    const track = stream.getTracks().find((candidate) => candidate.kind === sender.track?.kind);
    if (track) await sender.replaceTrack(track);
  }
}

cameraSelect.addEventListener('change', () => openDevices().catch((error) => showState(stateElement, 'failed', `camera: ${error.message}`)));
microphoneSelect.addEventListener('change', () => openDevices().catch((error) => showState(stateElement, 'failed', `microphone: ${error.message}`)));
consent.addEventListener('change', () => { join.disabled = !consent.checked || !localStream; });
join.addEventListener('click', () => {
  if (!consent.checked || !localStream) return;
  call.start();
  watchPageEvents();
});
leave.addEventListener('click', () => call.stop());

openDevices()
  .then(() => { join.disabled = !consent.checked; })
  .catch((error) => showState(stateElement, 'failed', `camera or microphone unavailable: ${error.message}`));
