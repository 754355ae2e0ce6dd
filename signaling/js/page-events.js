// The candidate page reports what a camera cannot see: the interview tab hidden, the window
// losing focus, fullscreen left, copy and paste (never their content). Each is posted to
// POST /api/sessions/:id/events as soon as it ends (so it carries its duration), and the page
// keeps what it could not post to retry.

import { api } from './api.js';

export function watchPageEvents() {
  const pending = [];
  let hiddenAt = null;
  let blurredAt = null;
  window.vigil = Object.assign(window.vigil ?? {}, { pageEvents: [] });

  async function post(event) {
    pending.push(event);
    while (pending.length > 0) {
      try {
        const stored = await api('POST', '/events', pending[0]);
        window.vigil.pageEvents.push(stored);
        pending.shift();
      } catch (error) {
        if (/ended|not belong|no session/.test(error.message)) { pending.length = 0; return; }
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      hiddenAt = new Date();
    } else if (hiddenAt) {
      post({ kind: 'tab_hidden', at: hiddenAt.toISOString(), end: new Date().toISOString() });
      hiddenAt = null;
    }
  });
  window.addEventListener('blur', () => { if (document.visibilityState === 'visible') blurredAt = new Date(); });
  window.addEventListener('focus', () => {
    if (blurredAt) post({ kind: 'window_blur', at: blurredAt.toISOString(), end: new Date().toISOString() });
    blurredAt = null;
  });
  document.addEventListener('fullscreenchange', () => {
    if (!document.fullscreenElement) post({ kind: 'fullscreen_exit', at: new Date().toISOString() });
  });
  for (const kind of ['copy', 'paste']) {
    document.addEventListener(kind, () => post({ kind: 'copy_paste', at: new Date().toISOString(), details: kind }));
  }
}
