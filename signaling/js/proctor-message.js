// A message from the proctor on the candidate's page: shown at the top, announced to screen
// readers, kept until the next one (and in `window.vigil.notices` for tests).

export function showProctorMessage(message) {
  let box = document.querySelector('#proctor-message');
  if (!box) {
    box = document.createElement('div');
    box.id = 'proctor-message';
    box.className = 'panel proctor-message';
    box.setAttribute('role', 'alert');
    document.querySelector('main').prepend(box);
  }
  const time = new Date(message.at).toLocaleTimeString();
  box.textContent = `Message from the proctor (${time}): ${message.text}`;
  (window.vigil.notices ??= []).push(message);
}
