// The candidate's consent text, written by the server from the session's policy: the checks that
// run, whether the call is recorded and how long it is kept. The agree box stays disabled until
// it is shown, so a candidate never agrees to a text other than this session's.

import { api } from './api.js';

export async function showConsent(container, agree) {
  try {
    const consent = await api('GET', '/consent');
    container.replaceChildren(...consent.paragraphs.map((text) => {
      const paragraph = document.createElement('p');
      paragraph.textContent = text;
      return paragraph;
    }));
    window.vigil = Object.assign(window.vigil ?? {}, { consent });
    agree.disabled = false;
  } catch (error) {
    const paragraph = document.createElement('p');
    paragraph.className = 'error';
    paragraph.textContent = `The consent text could not be loaded (${error.message}); reload the page to try again.`;
    container.replaceChildren(paragraph);
  }
}
