// The proctor's view of how fast the server analyses this call (a proctor's figure, kept out of
// the interviewer's video): polled from GET /api/sessions/:id/relay.

import { api } from './api.js';

export function showAnalysisRate(element, everyMs = 2000) {
  const update = async () => {
    try {
      const relay = await api('GET', '/relay');
      element.textContent = relay.active ? `analysis ${relay.analysis_fps.toFixed(1)} fps` : '';
    } catch {
      element.textContent = '';
    }
  };
  update();
  return setInterval(update, everyMs);
}
