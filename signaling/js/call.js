// One participant's call: the signaling WebSocket and the RTCPeerConnection the server offers.
// Keeps window.vigil up to date: `state` (idle, joining, connected, reconnecting, ended, failed)
// and `stats()` (see stats.js). Reconnects by itself after a dropped socket or a failed
// connection; stops for good when the session ends or the link is refused.

import { loadSchema, problemWith } from './schema.js';
import { collectStats } from './stats.js';

const params = new URLSearchParams(location.search);

export class VigilCall {
  /**
   * @param {object} options
   * @param {string} options.role candidate | interviewer | proctor
   * @param {() => MediaStream | null} options.localStream what this page sends (null for proctors)
   * @param {(stream: MediaStream) => void} options.onRemoteStream where the received media goes
   * @param {(state: string, detail: string) => void} options.onState
   * @param {(message: object) => void} [options.onMessage] alerts, events and peers
   */
  constructor(options) {
    this.options = options;
    // A join link's page reads them from its URL; the live console passes them for each tile.
    this.session = options.session ?? params.get('session');
    this.token = options.token ?? params.get('token');
    this.state = 'idle';
    this.pc = null;
    this.socket = null;
    /** Server candidates that arrived before this peer connection had the offer applied. */
    this.pendingCandidates = [];
    /**
     * Messages are handled one after the other: `answer()` awaits the browser several times, and
     * a candidate handled meanwhile would race it (issue 10: queued candidates were lost).
     */
    this.inbox = Promise.resolve();
    this.attempt = 0;
    this.stopped = false;
    this.log = [];
    this.peers = [];
    this.joinedAt = null;
    /** Date.now() when this page last sent `join` (tests measure join → first frame from it). */
    this.joinSentAt = null;
    /**
     * Read-only counters for tests (they change nothing): `join` messages sent on this page, peer
     * connections made (one per offer answered), and Date.now() when the peer connection last
     * became connected. A call up on the first attempt has 1, 1 and a connectedAt.
     */
    this.joinsSent = 0;
    this.peerConnections = 0;
    this.connectedAt = null;
    /**
     * Where the signaling socket goes: this page's server first. With several nodes on one store,
     * a `redirect` names the session's node, and the welcome lists the other live nodes, tried in
     * turn when the current one does not answer (a dead node: the next one takes the session over).
     */
    this.signalBase = location.origin;
    this.alternates = [];
    this.redirectTo = null;
    this.redirects = 0;
    window.vigil = {
      role: options.role,
      get state() { return window.vigil._call.state; },
      get joinsSent() { return window.vigil._call.joinsSent; },
      get peerConnections() { return window.vigil._call.peerConnections; },
      get signalingNode() { return window.vigil._call.signalBase; },
      stats: () => this.stats(),
      log: this.log,
      _call: this,
    };
  }

  /** Opens the signaling socket and joins; resolves once the socket is open. */
  async start() {
    if (!this.session || !this.token) {
      this.setState('failed', 'this page needs ?session=…&token=… from a join link');
      return;
    }
    await loadSchema();
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    this.send({ type: 'leave' });
    this.closePeer();
    this.socket?.close(1000, 'left');
    this.setState('idle', 'left the call');
  }

  setState(state, detail = '') {
    this.state = state;
    this.note(`state ${state}${detail ? `: ${detail}` : ''}`);
    this.options.onState(state, detail);
  }

  note(text) {
    this.log.push(`${new Date().toISOString()} ${text}`);
    if (this.log.length > 200) this.log.shift();
  }

  connect() {
    this.setState(this.attempt === 0 ? 'joining' : 'reconnecting', this.attempt === 0 ? '' : `attempt ${this.attempt}`);
    const base = new URL(this.signalBase);
    const scheme = base.protocol === 'https:' ? 'wss' : 'ws';
    const url = `${scheme}://${base.host}/api/sessions/${encodeURIComponent(this.session)}/signal?token=${encodeURIComponent(this.token)}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.joinSentAt = Date.now();
      this.joinsSent += 1;
      this.send({ type: 'join', client: navigator.userAgent.slice(0, 200) });
    };
    socket.onmessage = (event) => {
      // A redirect is read at once: the socket closes right after it, before queued messages run.
      if (typeof event.data === 'string' && event.data.includes('"redirect"')) this.readRedirect(event.data);
      this.inbox = this.inbox.then(() => this.receive(event.data)).catch((error) => this.note(`handling a message failed: ${error}`));
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.note(`socket closed ${event.code} ${event.reason}`);
      this.closePeer();
      if (this.stopped || this.state === 'ended') return;
      if (event.code === 4307 && this.redirectTo) {
        // The session runs on another node: go there at once (a few times; then with the backoff).
        this.signalBase = this.redirectTo;
        this.redirectTo = null;
        this.redirects += 1;
        if (this.redirects <= 3) {
          this.setState('reconnecting', `the session runs on ${this.signalBase}`);
          this.connect();
        } else {
          this.scheduleReconnect(`redirected ${this.redirects} times`);
        }
        return;
      }
      if (event.code >= 4400 && event.code < 4500) {
        this.setState(event.code === 4409 ? 'ended' : 'failed', event.reason || `refused (${event.code})`);
        return;
      }
      // A node that does not answer at all may be dead: the next try goes to another one.
      if (!opened) this.nextSignalBase();
      this.scheduleReconnect(event.reason || 'connection lost');
    };
  }

  readRedirect(text) {
    try {
      const message = JSON.parse(text);
      if (message.type === 'redirect' && !problemWith(message)) this.redirectTo = message.url;
    } catch { /* receive() notes what is wrong with it */ }
  }

  /** The next of this page's server and the other live nodes the welcome named. */
  nextSignalBase() {
    const bases = [...new Set([this.signalBase, location.origin, ...this.alternates])];
    if (bases.length < 2) return;
    this.signalBase = bases[(bases.indexOf(this.signalBase) + 1) % bases.length];
    this.note(`next signaling node ${this.signalBase}`);
  }

  scheduleReconnect(why) {
    if (this.stopped) return;
    this.attempt += 1;
    // With other nodes to try (a cluster), at most 2 s apart: a dead node's sessions move to a
    // live one as soon as it is declared dead (6 s by default), and the page should be there then.
    const delay = Math.min(this.alternates.length > 0 ? 2000 : 5000, 250 * 2 ** Math.min(this.attempt - 1, 5));
    this.setState('reconnecting', `${why}; retrying in ${delay} ms`);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  send(message) {
    const problem = problemWith(message);
    if (problem) {
      this.note(`not sending an invalid message: ${problem}`);
      return;
    }
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  async receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      this.note('server sent a message that is not JSON');
      return;
    }
    const problem = problemWith(message);
    if (problem) {
      this.note(`server sent an invalid message: ${problem}`);
      return;
    }
    switch (message.type) {
      case 'welcome':
        this.welcome = message;
        this.redirects = 0;
        this.alternates = message.nodes ?? this.alternates;
        this.joinedAt = performance.now();
        this.note(`welcome as ${message.participant}`);
        this.options.onMessage?.(message);
        break;
      case 'offer':
        await this.answer(message.sdp);
        break;
      case 'candidate':
        // The server sends its offer first, but keep anything that still comes early.
        if (this.pc?.remoteDescription) {
          await this.addRemoteCandidate(this.pc, message);
        } else {
          this.pendingCandidates.push(message);
        }
        break;
      case 'peers':
        this.peers = message.participants;
        this.options.onMessage?.(message);
        break;
      case 'error':
        this.note(`server error ${message.code}: ${message.message}`);
        this.options.onMessage?.(message);
        if (message.fatal && message.code !== 'session_ended') this.closePeer();
        if (message.code === 'session_ended') this.setState('ended', message.message);
        if (message.code === 'already_in_call') this.retryWhileInUse(message.message);
        // The session's proctor places are taken: say so instead of waiting for an offer.
        if (message.code === 'too_many_participants') this.setState('failed', message.message);
        break;
      case 'redirect':
        this.note(`redirected to node ${message.node} at ${message.url}`);
        break;
      case 'ended':
        this.stopped = true;
        this.closePeer();
        this.setState('ended', 'the session has ended');
        this.options.onMessage?.(message);
        break;
      default:
        this.options.onMessage?.(message);
    }
  }

  async answer(sdp) {
    // A new offer means a new pipeline on the server: the old peer connection goes, but the
    // candidates queued for this offer stay (closePeer() would drop them).
    const early = this.pendingCandidates;
    this.closePeer();
    this.pendingCandidates = early;
    const pc = new RTCPeerConnection({ iceServers: this.welcome?.iceServers ?? [], bundlePolicy: 'max-bundle' });
    this.pc = pc;
    this.peerConnections += 1;
    const remote = new MediaStream();
    pc.ontrack = (event) => {
      remote.addTrack(event.track);
      this.options.onRemoteStream(remote);
    };
    pc.onicecandidate = (event) => {
      // A null candidate: gathering finished; an empty line tells the server (end of candidates).
      if (event.candidate) this.send({ type: 'candidate', candidate: event.candidate.candidate, sdpMLineIndex: event.candidate.sdpMLineIndex ?? 0 });
      else this.send({ type: 'candidate', candidate: '', sdpMLineIndex: 0 });
    };
    pc.onconnectionstatechange = () => this.connectionChanged(pc);
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const local = this.options.localStream();
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      const track = local?.getTracks().find((candidate) => candidate.kind === kind) ?? null;
      if (track) {
        await transceiver.sender.replaceTrack(track);
        transceiver.direction = 'sendrecv';
      } else {
        transceiver.direction = 'recvonly';
      }
    }
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.send({ type: 'answer', sdp: pc.localDescription.sdp });
    for (const pending of this.pendingCandidates.splice(0)) await this.addRemoteCandidate(pc, pending);
  }

  /** A server candidate, or (empty line) the server's end of candidates. */
  async addRemoteCandidate(pc, message) {
    if (pc !== this.pc) return;
    const candidate = message.candidate
      ? { candidate: message.candidate, sdpMLineIndex: message.sdpMLineIndex }
      : { candidate: '', sdpMLineIndex: message.sdpMLineIndex };
    this.note(message.candidate ? `server candidate ${message.candidate.split(' ').slice(4, 8).join(' ')}` : 'server end of candidates');
    await pc.addIceCandidate(candidate).catch((error) => this.note(`candidate refused: ${error}`));
  }

  connectionChanged(pc) {
    if (pc !== this.pc) return;
    const state = pc.connectionState;
    this.note(`peer connection ${state}`);
    clearTimeout(this.disconnectTimer);
    if (state === 'connected') {
      this.connectedAt = Date.now();
      this.attempt = 0;
      this.inUseAttempts = 0;
      this.setState('connected');
    } else if (state === 'failed') {
      this.rejoin('the media connection failed');
    } else if (state === 'disconnected') {
      // Often recovers by itself; rejoin if it does not within 4 s.
      this.setState('reconnecting', 'media connection interrupted');
      this.disconnectTimer = setTimeout(() => { if (this.pc === pc && pc.connectionState !== 'connected') this.rejoin('the media connection did not recover'); }, 4000);
    }
  }

  /**
   * The link is in the call from another page. Right after a reload the old page may still be
   * on its way out, so ask again a few times before saying so for good.
   */
  retryWhileInUse(why) {
    this.inUseAttempts = (this.inUseAttempts ?? 0) + 1;
    if (this.inUseAttempts > 3) {
      this.setState('failed', why);
      return;
    }
    this.setState('joining', `${why}; asking again`);
    setTimeout(() => { if (!this.stopped) { this.joinSentAt = Date.now(); this.joinsSent += 1; this.send({ type: 'join' }); } }, 1500);
  }

  /** Same socket, new peer connection: the server builds this participant's pipeline again. */
  rejoin(why) {
    this.closePeer();
    this.setState('reconnecting', why);
    this.joinSentAt = Date.now();
    this.joinsSent += 1;
    this.send({ type: 'join' });
  }

  closePeer() {
    this.pendingCandidates = [];
    if (this.pc) {
      this.pc.ontrack = null;
      this.pc.onconnectionstatechange = null;
      this.pc.close();
      this.pc = null;
    }
  }

  async stats() {
    const figures = await collectStats(this.pc);
    return { role: this.options.role, state: this.state, participant: this.welcome?.participant ?? null,
             peers: this.peers, connectionState: this.pc?.connectionState ?? 'none', joinSentAt: this.joinSentAt, at: Date.now(),
             joinsSent: this.joinsSent, peerConnections: this.peerConnections, connectedAt: this.connectedAt, ...figures };
  }
}

/** Shows a state name on an element with class `state state-NAME`. */
export function showState(element, state, detail) {
  element.textContent = detail ? `${state} — ${detail}` : state;
  element.className = `state state-${state}`;
}
