// The review page (/review?session=ID&token=TOKEN, interviewer or proctor): the call's recording,
// the session's timeline with every event as a coloured band, click or j / k to jump to an event
// (the video seeks to 3 s before its start), Confirm / Dismiss with a note through the review API,
// the score updating. Event times map onto the recording through `recording.started_at`, the
// wall-clock moment of the recording's 0:00.

import { api, session, token } from './api.js';

const lead = 3;
const video = document.querySelector('#recording');
const timeline = document.querySelector('#timeline');
const list = document.querySelector('#events');
const state = document.querySelector('#state');
const colours = { video: '#d9534f', page: '#f0ad4e', connection: '#5bc0de' };

// What tests and support staff read: `window.vigil.review`.
const review = { events: [], current: -1, score: null, startedAt: null, seeks: 0 };
window.vigil = { log: [], ...(window.vigil ?? {}), review };
const note = (text) => window.vigil.log.push(`${new Date().toISOString()} ${text}`);

function offset(event) {
  return (Date.parse(event.start) - review.startedAt) / 1000;
}

function length(event) {
  return event.end ? Math.max(0.5, (Date.parse(event.end) - Date.parse(event.start)) / 1000) : 0.5;
}

async function load() {
  const report = await api('GET', '');
  review.score = report.score;
  document.querySelector('#score').textContent = `Integrity score ${Math.round(report.score)} (${report.verdict})`;
  if (!report.recording) {
    state.textContent = 'this session has no recording';
    return report;
  }
  review.startedAt = Date.parse(report.recording.started_at);
  review.duration = report.recording.duration_seconds;
  review.events = [...report.events].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  if (!video.src) video.src = `/api/sessions/${encodeURIComponent(session)}/recording?token=${encodeURIComponent(token)}`;
  draw();
  state.textContent = report.recording.state === 'recording' ? 'recording (the call runs)' : 'recorded';
  return report;
}

function draw() {
  const total = Math.max(review.duration || 0, Number.isFinite(video.duration) ? video.duration : 0, 1);
  timeline.replaceChildren();
  list.replaceChildren();
  review.events.forEach((event, index) => {
    const band = document.createElement('button');
    band.className = 'band';
    band.dataset.index = index;
    band.dataset.event = event.id;
    band.style.left = `${Math.max(0, offset(event)) / total * 100}%`;
    band.style.width = `${Math.max(0.5, length(event) / total * 100)}%`;
    band.style.background = colours[event.source] ?? '#777';
    band.title = `${event.kind} at ${offset(event).toFixed(1)} s`;
    band.addEventListener('click', () => jump(index));
    timeline.append(band);
    const row = document.createElement('li');
    const decision = event.review ? ` — ${event.review.decision}` : '';
    row.textContent = `${offset(event).toFixed(1)} s ${event.kind}${decision}`;
    row.addEventListener('click', () => jump(index));
    if (index === review.current) row.className = 'current';
    list.append(row);
  });
}

function jump(index) {
  if (index < 0 || index >= review.events.length) return;
  review.current = index;
  const event = review.events[index];
  const target = Math.max(0, offset(event) - lead);
  review.target = target;
  video.currentTime = target;
  review.seeks += 1;
  note(`jump to event ${event.id}: ${target.toFixed(2)} s`);
  document.querySelector('#current').hidden = false;
  document.querySelector('#current-title').textContent = `${event.kind} at ${offset(event).toFixed(1)} s`;
  document.querySelector('#decision').textContent = event.review ? `${event.review.decision}${event.review.note ? `: ${event.review.note}` : ''}` : '';
  draw();
}

async function decide(decision) {
  const event = review.events[review.current];
  if (!event) return;
  const text = document.querySelector('#note').value.trim();
  await api('POST', `/events/${event.id}/review`, { decision, ...(text ? { note: text } : {}) });
  note(`event ${event.id} ${decision}`);
  document.querySelector('#note').value = '';
  const current = review.current;
  await load();
  jump(current);
}

const failed = (error) => { note(`review failed: ${error.message}`); document.querySelector('#decision').textContent = error.message; };
document.querySelector('#confirm').addEventListener('click', () => decide('confirmed').catch(failed));
document.querySelector('#dismiss').addEventListener('click', () => decide('dismissed').catch(failed));
document.addEventListener('keydown', (key) => {
  if (key.target instanceof HTMLInputElement) return;
  if (key.key === 'j') jump(review.current + 1);
  if (key.key === 'k') jump(Math.max(0, review.current - 1));
});
video.addEventListener('loadedmetadata', () => {
  draw();
  // A link from the HTML report names its event: #event-ID.
  const named = /^#event-(\d+)$/.exec(location.hash);
  if (named && review.current < 0) jump(review.events.findIndex((event) => String(event.id) === named[1]));
});

load().catch((error) => { state.textContent = `cannot load: ${error.message}`; });
