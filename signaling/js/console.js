// The live console: every live session as a muted tile of its annotated video (watched as a
// proctor with the admin key), its newest alert and running score, riskiest first; a click
// watches one large, with its audio, its events (confirm or dismiss each, the score follows) and
// the analysis rate (a proctor's figure, kept out of the video itself).

import { adminKey, adminJSON, RefusedError } from './admin-api.js';
import { VigilCall } from './call.js';

const pollMs = 3000;
const $ = (selector) => document.querySelector(selector);
const tiles = new Map(); // session id -> { session, call, element, video, alert, events }
let focused = null;
let rateTimer = null;

const consoleState = {
  state: 'signed-out',
  polls: 0,
  /** Per tile: session, score, and the frames its video decoded (from getStats). */
  tiles: async () => Promise.all([...tiles.values()].map(async (tile) => {
    const stats = await tile.call.stats();
    return { session: tile.session.id, candidate: tile.session.candidate_name, score: tile.session.score,
             state: stats.state, framesDecoded: stats.inbound?.video?.framesDecoded ?? 0, muted: tile.video.muted,
             alert: tile.alert };
  })),
  order: () => [...$('#tiles').children].map((element) => element.dataset.session),
  focused: () => focused,
  /** The large view's event rows: id, kind, decision, and whether Confirm / Dismiss are there. */
  focusEvents: () => [...$('#focus-events').children].map((row) => ({
    id: Number(row.dataset.eventId), text: row.querySelector('span')?.textContent ?? '',
    decision: row.dataset.decision ?? null, buttons: row.querySelectorAll('button').length,
  })),
  focusScore: () => $('#focus-score').textContent,
};
function exposeState() { window.vigil = consoleState; }
exposeState();

/// Lower score first; among equal scores the most recent alert first.
function risk(a, b) {
  if (a.session.score !== b.session.score) return a.session.score - b.session.score;
  return (b.alertAt ?? 0) - (a.alertAt ?? 0);
}

function caption(tile) {
  const s = tile.session;
  tile.name.textContent = s.candidate_name;
  tile.score.textContent = `score ${s.score.toFixed(0)} · ${s.verdict.replace('_', ' ')}`;
  tile.score.className = `tile-score verdict-${s.verdict}`;
  tile.alertLine.textContent = tile.alert ?? 'no alert';
  tile.alertLine.className = tile.alert ? 'tile-alert' : 'tile-alert help';
}

function makeTile(session) {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = 'tile';
  element.dataset.session = session.id;
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  video.muted = true;
  const name = document.createElement('strong');
  const score = document.createElement('span');
  const alertLine = document.createElement('span');
  alertLine.className = 'tile-alert';
  element.append(video, name, score, alertLine);
  const tile = { session, element, video, name, score, alertLine, alert: null, alertAt: null, events: new Map() };
  tile.call = new VigilCall({
    role: 'proctor',
    session: session.id,
    token: adminKey.get(),
    localStream: () => null,
    onRemoteStream: (stream) => { if (video.srcObject !== stream) video.srcObject = stream; },
    onState: () => {},
    onMessage: (message) => {
      if (message.type === 'alert') {
        tile.alert = `${message.kind.replace('_', ' ')}: ${message.message}`;
        tile.alertAt = Date.now();
        caption(tile);
        arrange();
      } else if (message.type === 'event') {
        tile.events.set(message.event.id, message.event);
        if (focused === session.id) drawEvents(tile);
      }
    },
  });
  exposeState();
  element.setAttribute('aria-label', `Watch ${session.candidate_name} large, with audio`);
  element.addEventListener('click', () => focus(session.id));
  caption(tile);
  tile.call.start();
  return tile;
}

function arrange() {
  const container = $('#tiles');
  const ordered = [...tiles.values()].sort(risk);
  ordered.forEach((tile, index) => {
    if (container.children[index] !== tile.element) container.insertBefore(tile.element, container.children[index] ?? null);
  });
}

function drawEvents(tile) {
  const list = $('#focus-events');
  list.replaceChildren(...[...tile.events.values()].reverse().map((event) => {
    const item = document.createElement('li');
    item.dataset.eventId = String(event.id);
    const text = document.createElement('span');
    text.textContent = `${new Date(event.start).toLocaleTimeString()} ${event.kind.replaceAll('_', ' ')} (${Math.round(event.confidence * 100)} %)`
      + (event.review ? ` — ${event.review.decision} by ${event.review.reviewer}` : '');
    if (event.review) item.dataset.decision = event.review.decision;
    if (event.review?.decision === 'dismissed') item.classList.add('dismissed');
    item.append(text, ...['confirmed', 'dismissed'].map((decision) => reviewButton(tile, event, decision)));
    return item;
  }));
  $('#focus-score').textContent = `score ${tile.session.score.toFixed(0)} · ${tile.session.verdict.replace('_', ' ')}`;
}

/// Confirm or Dismiss: the decision goes to the review API; the score and verdict are read back
/// from the report, so the large view and the tile show what the server now counts.
function reviewButton(tile, event, decision) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = decision === 'confirmed' ? 'Confirm' : 'Dismiss';
  button.dataset.decision = decision;
  button.disabled = event.review?.decision === decision;
  button.setAttribute('aria-label', `${button.textContent} the ${event.kind.replaceAll('_', ' ')} event`);
  button.addEventListener('click', async () => {
    const id = encodeURIComponent(tile.session.id);
    try {
      const review = await adminJSON('POST', `/api/sessions/${id}/events/${event.id}/review`, { decision });
      tile.events.set(event.id, { ...event, review });
      await loadReport(tile);
      $('#status').textContent = `Event ${decision}; score now ${tile.session.score.toFixed(0)}.`;
    } catch (error) {
      $('#status').textContent = `Review not saved: ${error.message}`;
    }
  });
  return button;
}

/// The session's stored events and running score (events from before the console opened too).
async function loadReport(tile) {
  const report = await adminJSON('GET', `/api/sessions/${encodeURIComponent(tile.session.id)}`);
  for (const event of report.events) tile.events.set(event.id, event);
  tile.session = { ...tile.session, score: report.score, verdict: report.verdict };
  caption(tile);
  arrange();
  if (focused === tile.session.id) drawEvents(tile);
}

/// The analysis rate of the watched call, every 2 s (a proctor's figure, not in the video).
function showRate(id) {
  clearInterval(rateTimer);
  const update = async () => {
    try {
      const relay = await adminJSON('GET', `/api/sessions/${encodeURIComponent(id)}/relay`);
      $('#focus-rate').textContent = relay.active ? `analysis ${relay.analysis_fps.toFixed(1)} fps` : '';
    } catch { $('#focus-rate').textContent = ''; }
  };
  update();
  rateTimer = setInterval(update, 2000);
}

function focus(id) {
  const tile = tiles.get(id);
  if (!tile) return;
  unfocus();
  focused = id;
  $('#focus').hidden = false;
  $('#focus-title').textContent = `${tile.session.candidate_name} — ${tile.session.title ?? 'interview'}`;
  $('#focus-video').append(tile.video);
  tile.video.muted = false;
  tile.video.play().catch(() => {});
  drawEvents(tile);
  loadReport(tile).catch((error) => { $('#status').textContent = `Could not load the events: ${error.message}`; });
  showRate(id);
  $('#close-focus').focus();
}

function unfocus() {
  const tile = focused && tiles.get(focused);
  if (tile) {
    tile.video.muted = true;
    tile.element.prepend(tile.video);
    tile.video.play().catch(() => {});
    tile.element.focus();
  }
  focused = null;
  clearInterval(rateTimer);
  $('#focus-rate').textContent = '';
  $('#focus').hidden = true;
}

async function refresh() {
  try {
    const page = await adminJSON('GET', '/api/sessions?status=live&limit=200');
    const live = new Map(page.sessions.map((s) => [s.id, s]));
    for (const [id, tile] of tiles) {
      if (!live.has(id)) {
        if (focused === id) unfocus();
        tile.call.stop();
        tile.element.remove();
        tiles.delete(id);
      }
    }
    for (const session of live.values()) {
      const tile = tiles.get(session.id) ?? makeTile(session);
      tile.session = session;
      tiles.set(session.id, tile);
      caption(tile);
    }
    arrange();
    if (focused) drawEvents(tiles.get(focused));
    $('#empty').hidden = tiles.size > 0;
    $('#summary').textContent = `${tiles.size} live`;
    consoleState.polls += 1;
  } catch (error) {
    if (error instanceof RefusedError && error.status === 401) {
      adminKey.clear();
      return showSignIn('The admin key was refused; sign in again.');
    }
    $('#status').textContent = `Could not load the live sessions: ${error.message}`;
  }
}

let timer = null;
function run() {
  $('#signin').hidden = true;
  consoleState.state = 'ready';
  clearInterval(timer);
  timer = setInterval(refresh, pollMs);
  return refresh();
}

function showSignIn(message) {
  clearInterval(timer);
  consoleState.state = 'signed-out';
  $('#signin').hidden = false;
  if (message) $('#status').textContent = message;
}

$('#close-focus').addEventListener('click', unfocus);
$('#message-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!focused) return;
  const text = $('#message-text').value;
  try {
    await adminJSON('POST', `/api/sessions/${encodeURIComponent(focused)}/messages`, { text });
    $('#message-text').value = '';
    $('#status').textContent = 'Message sent to the candidate.';
  } catch (error) {
    $('#status').textContent = `Message not sent: ${error.message}`;
  }
});
document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && focused) unfocus(); });
$('#signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('#key').value;
  try {
    await adminJSON('GET', '/api/sessions?limit=1', undefined, key);
  } catch (error) {
    $('#status').textContent = `Sign-in refused: ${error.message}`;
    return;
  }
  adminKey.set(key);
  $('#key').value = '';
  run();
});

if (adminKey.get()) run(); else showSignIn();
