// Proctor page: watch only (no camera, no microphone); may join and leave at any time.

import { VigilCall, showState } from './call.js';
import { showPeers, showNotice, showWarning } from './notices.js';
import { EventFeed, showExports } from './event-feed.js';
import { api } from './api.js';
import { showAnalysisRate } from './analysis-rate.js';

const feed = new EventFeed(document.querySelector('#events'), document.querySelector('#score'), { canReview: true });
feed.load().catch(() => {});

const remote = document.querySelector('#remote');
const audioTracks = document.querySelector('#audio-tracks');

// The proctor hears both sides: the candidate's audio and the interviewer's arrive as two audio
// tracks (the server's offer has them in that order); each plays in an <audio> element of its
// own, since a <video> plays only one audio track of a stream. The video itself stays muted.
let audioStream = null;
function playAudioTracks(stream) {
  if (audioStream !== stream) audioTracks.replaceChildren();  // a new offer: a new peer connection
  audioStream = stream;
  stream.getAudioTracks().forEach((track, index) => {
    if (audioTracks.querySelector(`audio[data-track="${track.id}"]`)) return;
    const label = document.createElement('label');
    label.textContent = index === 0 ? 'Candidate ' : 'Interviewer ';
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.controls = true;
    audio.dataset.track = track.id;
    audio.dataset.speaker = index === 0 ? 'candidate' : 'interviewer';
    audio.srcObject = new MediaStream([track]);
    label.append(audio);
    audioTracks.append(label);
  });
}
const call = new VigilCall({
  role: 'proctor',
  localStream: () => null,
  onRemoteStream: (stream) => {
    if (remote.srcObject !== stream) remote.srcObject = stream;
    playAudioTracks(stream);
  },
  onState: (state, detail) => showState(document.querySelector('#state'), state, detail),
  onMessage: (message) => {
    if (message.type === 'peers') showPeers(document.querySelector('#peers'), message.participants);
    else if (message.type === 'alert') showNotice(document.querySelector('#alerts'), message);
    else if (message.type === 'event') feed.update(message.event);
    else if (message.type === 'error' && message.code === 'storage_unavailable') showWarning(document.querySelector('#alerts'), message);
    else if (message.type === 'ended') showExports(document.querySelector('#exports'));
  },
});
call.start();
showAnalysisRate(document.querySelector('#analysis'));
