// Proctor page: watch only (no camera, no microphone); may join and leave at any time.

import { VigilCall, showState } from './call.js';
import { showPeers, showNotice, showWarning } from './notices.js';
import { EventFeed, showExports } from './event-feed.js';
import { api } from './api.js';

const feed = new EventFeed(document.querySelector('#events'), document.querySelector('#score'), { canReview: true });
feed.load().catch(() => {});

const remote = document.querySelector('#remote');
const call = new VigilCall({
  role: 'proctor',
  localStream: () => null,
  onRemoteStream: (stream) => { if (remote.srcObject !== stream) remote.srcObject = stream; },
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
