// Start page: create a session with the admin key and show its three join links.

const form = document.querySelector('#create');
const status = document.querySelector('#status');
const links = document.querySelector('#links');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  status.textContent = 'Creating…';
  links.replaceChildren();
  const body = {
    candidate_name: document.querySelector('#candidate').value,
    interviewer_name: document.querySelector('#interviewer').value,
  };
  const title = document.querySelector('#title').value.trim();
  if (title) body.title = title;
  const response = await fetch('/api/sessions', {
    method: 'POST',
    headers: { Authorization: `Bearer ${document.querySelector('#key').value}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    status.textContent = `Refused: ${answer.error?.message ?? response.status}`;
    return;
  }
  status.textContent = `Session ${answer.id}: send each person their own link.`;
  for (const role of ['candidate', 'interviewer', 'proctor']) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = answer.links[role];
    link.textContent = answer.links[role];
    link.target = '_blank';
    item.append(`${role}: `, link);
    links.append(item);
  }
});
