// One table row per session on the dashboard: who, status, score, verdict, and its actions.

const roles = ['candidate', 'interviewer', 'proctor'];

function cell(label, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  td.dataset.label = label;
  if (className) td.className = className;
  return td;
}

function button(label, action, accessibleName) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.dataset.action = action;
  if (accessibleName) b.setAttribute('aria-label', accessibleName);
  return b;
}

function when(iso) {
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/// A row for `session` (a GET /api/sessions item); `links` are its join links when this tab
/// created it. Buttons carry `data-action` (copy-ROLE, report, end, delete) for the page to handle.
export function sessionRow(session, links) {
  const tr = document.createElement('tr');
  tr.dataset.session = session.id;
  tr.dataset.signature = JSON.stringify([session, Boolean(links)]);
  const who = session.candidate_name;
  tr.append(
    cell('Candidate', session.candidate_name),
    cell('Interviewer', session.interviewer_name),
    cell('Title', session.title ?? '—'),
    cell('Status', session.status, `status status-${session.status}`),
    cell('Score', session.score.toFixed(0), 'number'),
    cell('Verdict', session.verdict.replace('_', ' '), `verdict verdict-${session.verdict}`),
    cell('Events', String(session.events), 'number'),
    cell('Policy', session.policy ?? 'standard', 'policy'),
    cell('Created', when(session.created_at)),
  );
  const actions = document.createElement('td');
  actions.className = 'actions';
  if (links) {
    for (const role of roles) {
      actions.append(button(`Copy ${role} link`, `copy-${role}`, `Copy ${who}'s ${role} link`));
    }
  } else {
    const note = document.createElement('span');
    note.className = 'help';
    note.textContent = 'links: in the tab that created it';
    actions.append(note);
  }
  actions.append(button('Report', 'report', `Open the report of ${who}'s session`));
  if (session.status !== 'ended') actions.append(button('End', 'end', `End ${who}'s session`));
  const remove = button('Delete', 'delete', `Delete ${who}'s session`);
  remove.classList.add('danger');
  actions.append(remove);
  tr.append(actions);
  return tr;
}

/// Replaces the table body's rows with `sessions`, touching only rows that changed, so a poll
/// does not steal the focus from a button the operator is on.
export function renderRows(tbody, sessions, linksOf) {
  const existing = new Map([...tbody.rows].map((row) => [row.dataset.session, row]));
  const wanted = sessions.map((session) => {
    const fresh = sessionRow(session, linksOf(session.id));
    const old = existing.get(session.id);
    return old && old.dataset.signature === fresh.dataset.signature ? old : fresh;
  });
  wanted.forEach((row, index) => {
    if (tbody.rows[index] !== row) tbody.insertBefore(row, tbody.rows[index] ?? null);
  });
  while (tbody.rows.length > wanted.length) tbody.lastElementChild.remove();
}
