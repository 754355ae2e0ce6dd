// The candidate's pre-check before Join: a live microphone level meter, and every couple of
// seconds one frame of the camera preview sent to the server, whose face detector answers
// whether one face is in view and lit well enough (POST /api/sessions/:id/precheck). The check
// passes after two answers in a row say so; the page shows the server's plain reasons until then.

import { session, token } from './api.js';

const everyMs = 2000;
const passesNeeded = 2;

/** Shows the microphone's level (RMS of the samples, 0…1) in `meter`, about 10 times a second. */
export function showMicrophoneLevel(stream, meter) {
  const track = stream.getAudioTracks()[0];
  if (!track) { meter.value = 0; return () => {}; }
  const context = new AudioContext();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    if (context.state === 'suspended') context.resume().catch(() => {});
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    // Speech sits around 0.02–0.2 RMS: a square-root scale makes it fill the meter's middle.
    const level = Math.min(1, Math.sqrt(Math.sqrt(sum / samples.length)) * 1.6);
    meter.value = level;
    window.vigil.microphoneLevel = level;
    window.vigil.microphoneLevelMax = Math.max(window.vigil.microphoneLevelMax ?? 0, level);
  }, 100);
  return () => { clearInterval(timer); context.close().catch(() => {}); };
}

export class PreCheck {
  /**
   * @param {HTMLVideoElement} video the camera preview
   * @param {(state: {passed: boolean, checking: boolean, reasons: string[], unavailable: boolean}) => void} onChange
   */
  constructor(video, onChange) {
    this.video = video;
    this.onChange = onChange;
    this.canvas = document.createElement('canvas');
    this.passesInARow = 0;
    this.state = { passed: false, checking: true, reasons: [], unavailable: false, checks: 0 };
    window.vigil.precheck = this.state;
  }

  start() {
    window.vigil.precheck = this.state;
    this.stop();
    this.timer = setInterval(() => this.checkOnce(), everyMs);
    this.checkOnce();
  }

  stop() { clearInterval(this.timer); this.timer = null; }

  update(changes) {
    Object.assign(this.state, changes);
    window.vigil.precheck = this.state;  // the call replaces window.vigil when it is made
    this.onChange(this.state);
  }

  async frame() {
    const { videoWidth: width, videoHeight: height } = this.video;
    if (!width || !height) return null;
    this.canvas.width = width;
    this.canvas.height = height;
    this.canvas.getContext('2d').drawImage(this.video, 0, 0, width, height);
    return new Promise((resolve) => this.canvas.toBlob(resolve, 'image/jpeg', 0.85));
  }

  async checkOnce() {
    if (this.busy) return;
    this.busy = true;
    try {
      const jpeg = await this.frame();
      if (!jpeg) return this.update({ reasons: ['Waiting for the camera picture…'] });
      const response = await fetch(`/api/sessions/${encodeURIComponent(session)}/precheck`, {
        method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/jpeg' }, body: jpeg,
      });
      const answer = await response.json().catch(() => null);
      this.state.checks += 1;
      if (response.status === 503) {
        // The server runs no pre-check (or its detectors are down): the candidate may join.
        this.stop();
        return this.update({ passed: true, checking: false, unavailable: true, reasons: [] });
      }
      if (!response.ok) {
        this.passesInARow = 0;
        return this.update({ passed: false, reasons: [answer?.error?.message ?? `The camera check failed (${response.status}).`] });
      }
      this.passesInARow = answer.ok ? this.passesInARow + 1 : 0;
      const passed = this.passesInARow >= passesNeeded;
      this.update({
        passed, checking: !passed,
        reasons: answer.ok ? (passed ? [] : ['Your face is visible; checking once more…']) : answer.reasons.map((reason) => reason.message),
        faces: answer.faces, faceLuminance: answer.face_luminance ?? null,
      });
    } catch (error) {
      this.passesInARow = 0;
      this.update({ passed: false, reasons: [`The camera check could not reach the server: ${error.message}`] });
    } finally {
      this.busy = false;
    }
  }
}
