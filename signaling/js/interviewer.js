// Interviewer page: the candidate large (as relayed, with Vigil's overlay), self view small,
// mute, connection state, and the alerts and events the server pushes.

import { VigilCall, showState } from './call.js';
import { showPeers, showNotice, showWarning } from './notices.js';
import { EventFeed, showExports } from './event-feed.js';
import { api } from './api.js';

const feed = new EventFeed(document.querySelector('#events'), document.querySelector('#score'), { canReview: false });
feed.load().catch(() => {});

const stateElement = document.querySelector('#state');
const remote = document.querySelector('#remote');
const self = document.querySelector('#self');
const mute = document.querySelector('#mute');
let localStream = null;

const call = new VigilCall({
  role: 'interviewer',
  localStream: () => localStream,
  onRemoteStream: (stream) => { if (remote.srcObject !== stream) remote.srcObject = stream; },
  onState: (state, detail) => showState(stateElement, state, detail),
  onMessage: (message) => {
    if (message.type === 'peers') showPeers(document.querySelector('#peers'), message.participants);
    else if (message.type === 'alert') showNotice(document.querySelector('#alerts'), message);
    else if (message.type === 'event') feed.update(message.event);
    else if (message.type === 'error' && message.code === 'storage_unavailable') showWarning(document.querySelector('#alerts'), message);
    else if (message.type === 'ended') showExports(document.querySelector('#exports'));
  },
});

mute.addEventListener('click', () => {
  const track = localStream?.getAudioTracks()[0];
  if (!track) return;
  track.enabled = !track.enabled;
  mute.textContent = track.enabled ? 'Mute' : 'Unmute';
});

navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, frameRate: 30 }, audio: true })
  .then((stream) => { localStream = stream; self.srcObject = stream; })
  .catch((error) => showState(stateElement, 'joining', `no camera (${error.message}); joining to watch only`))
  .finally(() => call.start());

document.querySelector('#end').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  try {
    await api('PUT', '/end');
    showExports(document.querySelector('#exports'));
  } catch (error) {
    button.disabled = false;
    button.textContent = `End failed: ${error.message}`;
  }
});
