// The live event feed of the interviewer and proctor pages: one row per proctoring event (kind,
// time, duration, snapshot thumbnail, reviewer decision), the running score, and for proctors
// Confirm / Dismiss with an optional note. Everything comes from the server: `event` messages
// on the signaling socket and the report API.

import { api, snapshotLink, reportLink } from './api.js';

export class EventFeed {
  /**
   * @param {HTMLElement} list  where rows go
   * @param {HTMLElement} score where the running score goes
   * @param {{ canReview: boolean }} options
   */
  constructor(list, score, { canReview }) {
    this.list = list;
    this.score = score;
    this.canReview = canReview;
    this.rows = new Map();
  }

  /** The events and score as tests and support staff read them (`window.vigil.events`, `.score`). */
  static state() {
    window.vigil = window.vigil ?? {};
    window.vigil.events = window.vigil.events ?? [];
    return window.vigil;
  }

  /** Loads the events stored so far (a page opened or reloaded mid-call). */
  async load() {
    const report = await api('GET', '');
    for (const event of report.events) this.show(event);
    this.showScore(report);
  }

  /** An `event` message from the server (started, ended or reviewed). */
  async update(event) {
    this.show(event);
    try { this.showScore(await api('GET', '')); } catch { /* the score refreshes on the next event */ }
  }

  showScore(report) {
    this.score.textContent = `Score so far: ${report.score} (${report.verdict.replace('_', ' ')})`;
    EventFeed.state().score = report.score;
  }

  show(event) {
    let row = this.rows.get(event.id);
    if (!row) {
      row = document.createElement('li');
      row.className = 'event';
      row.dataset.eventId = String(event.id);
      this.rows.set(event.id, row);
      this.list.prepend(row);
    }
    const events = EventFeed.state().events;
    const known = events.findIndex((e) => e.id === event.id);
    if (known >= 0) events[known] = event; else events.push(event);
    const start = new Date(event.start);
    const seconds = ((event.end ? new Date(event.end) : new Date()) - start) / 1000;
    row.replaceChildren();
    if (event.snapshot) {
      const image = document.createElement('img');
      image.src = snapshotLink(event.snapshot.id);
      image.alt = `snapshot of event ${event.id}`;
      image.className = 'thumbnail';
      row.append(image);
    }
    const text = document.createElement('span');
    // start is when the condition began; a detector flags it later (its threshold), at flagged_at.
    const flagged = event.flagged_at ? new Date(event.flagged_at) : start;
    text.textContent = `${start.toLocaleTimeString()} ${event.kind.replaceAll('_', ' ')} — ${event.end ? `${seconds.toFixed(1)} s` : 'ongoing'}`
      + (flagged - start >= 500 ? ` (flagged ${flagged.toLocaleTimeString()})` : '')
      + (event.review ? ` — ${event.review.decision} by ${event.review.reviewer}` : '');
    if (event.review?.decision === 'dismissed') row.classList.add('dismissed');
    row.append(text);
    if (this.canReview) row.append(...this.reviewControls(event));
  }

  reviewControls(event) {
    const note = document.createElement('input');
    note.placeholder = 'note (optional)';
    note.className = 'note';
    const buttons = ['confirmed', 'dismissed'].map((decision) => {
      const button = document.createElement('button');
      button.textContent = decision === 'confirmed' ? 'Confirm' : 'Dismiss';
      button.dataset.decision = decision;
      button.addEventListener('click', async () => {
        try {
          const review = await api('POST', `/events/${event.id}/review`, { decision, note: note.value || undefined });
          await this.update({ ...event, review });
        } catch (error) {
          button.textContent = `failed: ${error.message}`;
        }
      });
      return button;
    });
    return [note, ...buttons];
  }
}

/** Links to the report in every format, shown once the session has ended. */
export function showExports(element) {
  element.replaceChildren(...['pdf', 'html', 'csv', 'json'].map((format) => {
    const link = document.createElement('a');
    link.href = reportLink(format);
    link.textContent = `Report (${format.toUpperCase()})`;
    link.target = '_blank';
    return link;
  }));
  element.hidden = false;
}
