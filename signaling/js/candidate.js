// Candidate page: consent, camera and microphone preview with device choice, join, the
// interviewer on the stage, connection state, automatic reconnect (call.js).

import { VigilCall, showState } from './call.js';
import { watchPageEvents } from './page-events.js';
import { showProctorMessage } from './proctor-message.js';
import { showConsent } from './consent.js';
import { PreCheck, showMicrophoneLevel } from './precheck.js';

const stateElement = document.querySelector('#state');
const preview = document.querySelector('#preview');
const remote = document.querySelector('#remote');
const consent = document.querySelector('#consent');
const join = document.querySelector('#join');
const leave = document.querySelector('#leave');
const cameraSelect = document.querySelector('#camera');
const microphoneSelect = document.querySelector('#microphone');
const joinReason = document.querySelector('#join-reason');
const cameraCheck = document.querySelector('#camera-check');
let localStream = null;
let stopLevel = () => {};
window.vigil = window.vigil ?? {};

// Join is enabled once the camera is open, the server's check passed and consent is given;
// otherwise the first thing missing is said in plain words under the button.
const preCheck = new PreCheck(preview, (state) => {
  cameraCheck.textContent = state.unavailable ? 'The camera check is not available on this server; you may join.'
    : state.passed ? 'Your face is visible and well lit.' : state.reasons.join(' ');
  cameraCheck.className = `precheck-result ${state.passed ? 'precheck-ok' : 'precheck-waiting'}`;
  updateJoin();
});

// Before Join the candidate sees their own camera in the check panel; in the call it goes back
// to the corner of the stage.
const stage = document.querySelector('.stage');
document.querySelector('#precheck-title').after(preview);
preview.classList.replace('small', 'check-preview');

function updateJoin() {
  const reason = !localStream ? 'Waiting for your camera and microphone.'
    : !preCheck.state.passed ? 'Join is enabled once the camera check above passes.'
    : !consent.checked ? 'Tick the box above to agree before joining.' : '';
  join.disabled = reason !== '';
  joinReason.textContent = reason;
  window.vigil.joinReason = reason;
}

const call = new VigilCall({
  role: 'candidate',
  localStream: () => localStream,
  onRemoteStream: (stream) => { if (remote.srcObject !== stream) remote.srcObject = stream; },
  onState: (state, detail) => {
    showState(stateElement, state, detail);
    join.hidden = state !== 'idle' && state !== 'failed';
    leave.hidden = !join.hidden || state === 'ended';
  },
  onMessage: (message) => { if (message.type === 'notice') showProctorMessage(message); },
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
  stopLevel();
  stopLevel = showMicrophoneLevel(stream, document.querySelector('#mic-level'));
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
consent.addEventListener('change', updateJoin);
join.addEventListener('click', () => {
  if (!consent.checked || !localStream || !preCheck.state.passed) return;
  preCheck.stop();
  preview.classList.replace('check-preview', 'small');
  stage.append(preview);
  preview.play().catch(() => {});
  call.start();
  watchPageEvents();
});
leave.addEventListener('click', () => call.stop());

// Nothing can be agreed to before the session's own consent text is on the page.
showConsent(document.querySelector('#consent-text'), consent);

updateJoin();
openDevices()
  .then(() => { updateJoin(); preCheck.start(); })
  .catch((error) => {
    showState(stateElement, 'failed', `camera or microphone unavailable: ${error.message}`);
    joinReason.textContent = `Your camera or microphone could not be opened (${error.message}); allow them for this page and reload.`;
  });
