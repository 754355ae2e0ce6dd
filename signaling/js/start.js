// The dashboard: sign in with the admin key (kept in this tab's session storage), create
// sessions, watch the list (polled), copy join links, open reports, end or delete sessions.

import { adminKey, adminFetch, adminJSON, savedLinks, RefusedError } from './admin-api.js';
import { copyText } from './clipboard.js';
import { renderRows } from './session-rows.js';

const pollMs = 3000;
const pageSize = 50;
const $ = (selector) => document.querySelector(selector);
const status = $('#status');
const tbody = $('#sessions tbody');

// For tests and for the curious: the page's state, what it last copied, and how often it polled.
window.vigil = { state: 'signed-out', polls: 0, copied: null, log: [] };

let sessions = [];
let nextBefore = null;
let pollTimer = null;

function say(text) {
  status.textContent = text;
  window.vigil.log.push(text);
}

function show(signedIn) {
  $('#signin').hidden = signedIn;
  $('#dashboard').hidden = !signedIn;
  $('#signout').hidden = !signedIn;
  window.vigil.state = signedIn ? 'ready' : 'signed-out';
}

function listPath(extra = {}) {
  const query = new URLSearchParams({ limit: String(Math.min(200, Math.max(pageSize, sessions.length))), ...extra });
  if ($('#filter').value) query.set('status', $('#filter').value);
  return `/api/sessions?${query}`;
}

async function refresh() {
  try {
    const page = await adminJSON('GET', listPath());
    sessions = page.sessions;
    nextBefore = page.next_before;
    draw();
    window.vigil.polls += 1;
    $('#updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    if (error instanceof RefusedError && error.status === 401) return signOut('The admin key was refused; sign in again.');
    say(`Could not load the sessions: ${error.message}`);
  }
}

function draw() {
  renderRows(tbody, sessions, savedLinks.of);
  $('#empty').hidden = sessions.length > 0;
  $('#older').hidden = !nextBefore;
}

function startPolling() {
  clearInterval(pollTimer);
  pollTimer = setInterval(refresh, pollMs);
  return refresh();
}

function signOut(message) {
  clearInterval(pollTimer);
  adminKey.clear();
  sessions = [];
  tbody.replaceChildren();
  show(false);
  say(message ?? 'Signed out.');
}

$('#signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('#key').value;
  try {
    await adminJSON('GET', '/api/sessions?limit=1', undefined, key);
  } catch (error) {
    say(`Sign-in refused: ${error.message}`);
    return;
  }
  adminKey.set(key);
  $('#key').value = '';
  show(true);
  say('Signed in.');
  await startPolling();
});

$('#signout').addEventListener('click', () => signOut());
$('#filter').addEventListener('change', () => { sessions = []; refresh(); });

$('#create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = { candidate_name: $('#candidate').value, interviewer_name: $('#interviewer').value };
  const title = $('#title').value.trim();
  if (title) body.title = title;
  body.policy = { preset: $('#preset').value };
  body.record = $('#record').checked;
  say('Creating…');
  try {
    const created = await adminJSON('POST', '/api/sessions', body);
    savedLinks.save(created.id, created.links);
    event.target.reset();
    say(`Session for ${created.candidate_name} created: copy each person their own link.`);
    await refresh();
  } catch (error) {
    say(`Refused: ${error.message}`);
  }
});

$('#older').addEventListener('click', async () => {
  try {
    const page = await adminJSON('GET', listPath({ before: nextBefore, limit: String(pageSize) }));
    sessions = sessions.concat(page.sessions);
    nextBefore = page.next_before;
    draw();
  } catch (error) {
    say(`Could not load older sessions: ${error.message}`);
  }
});

async function openReport(id) {
  // The admin key goes in a header, never in a URL: the report is fetched and shown from a blob.
  const response = await adminFetch('GET', `/api/sessions/${encodeURIComponent(id)}?format=html`);
  if (!response.ok) throw new Error(`the report could not be read (${response.status})`);
  const url = URL.createObjectURL(await response.blob());
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

tbody.addEventListener('click', async (event) => {
  const target = event.target.closest('button[data-action]');
  if (!target) return;
  const id = target.closest('tr').dataset.session;
  const session = sessions.find((s) => s.id === id);
  const action = target.dataset.action;
  try {
    if (action.startsWith('copy-')) {
      const role = action.slice('copy-'.length);
      const link = savedLinks.of(id)?.[role];
      if (link && await copyText(link)) {
        window.vigil.copied = link;
        say(`Copied the ${role} link for ${session.candidate_name}.`);
      } else {
        say(`Could not copy the ${role} link; select it from the address shown at creation.`);
      }
    } else if (action === 'report') {
      await openReport(id);
    } else if (action === 'end') {
      if (!confirm(`End the interview of ${session.candidate_name}? Nobody can rejoin it.`)) return;
      const ended = await adminJSON('PUT', `/api/sessions/${encodeURIComponent(id)}/end`);
      say(`Ended: score ${ended.score}, ${ended.verdict.replace('_', ' ')}.`);
      await refresh();
    } else if (action === 'delete') {
      if (!confirm(`Delete the session of ${session.candidate_name} with its events and report? This cannot be undone.`)) return;
      const response = await adminFetch('DELETE', `/api/sessions/${encodeURIComponent(id)}`);
      if (!response.ok) throw new Error(`delete refused (${response.status})`);
      savedLinks.forget(id);
      say(`Deleted the session of ${session.candidate_name}.`);
      await refresh();
    }
  } catch (error) {
    say(`${action}: ${error.message}`);
  }
});

if (adminKey.get()) {
  show(true);
  startPolling();
} else {
  show(false);
}
