// Shared by the interviewer and proctor pages: who is in the call, and pushed alerts/events.

export function showPeers(element, participants) {
  element.textContent = participants.length === 0 ? 'Nobody else is here yet.'
    : participants.map((participant) => `${participant.role}: ${participant.state}`).join(' · ');
}

/** A server warning (e.g. events it could not store), kept in `window.vigil.warnings`. */
export function showWarning(list, message) {
  window.vigil = window.vigil ?? {};
  (window.vigil.warnings ??= []).push({ ...message, receivedAt: Date.now() });
  const item = document.createElement('li');
  item.className = 'warning';
  item.textContent = `${new Date().toLocaleTimeString()} warning: ${message.message}`;
  list.prepend(item);
}

export function showNotice(list, message) {
  // Kept for tests and support staff: every alert this page received, with when it arrived.
  if (message.type === 'alert') {
    window.vigil = window.vigil ?? {};
    (window.vigil.alerts ??= []).push({ ...message, receivedAt: Date.now() });
  }
  const item = document.createElement('li');
  item.textContent = message.type === 'alert' ? `${message.at} ${message.kind}: ${message.message}` : `event: ${JSON.stringify(message.event)}`;
  list.prepend(item);
  while (list.children.length > 50) list.lastChild.remove();
}
