// The receive and send figures a page exposes through window.vigil.stats(), read from
// RTCPeerConnection.getStats(): frames decoded and sent, fps, resolution, packets lost.

export async function collectStats(pc) {
  const figures = { inbound: { video: null, audio: null }, outbound: { video: null, audio: null }, candidatePair: null };
  if (!pc) return figures;
  const report = await pc.getStats();
  report.forEach((entry) => {
    if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
      figures.inbound.video = {
        framesDecoded: entry.framesDecoded ?? 0, framesReceived: entry.framesReceived ?? 0,
        framesDropped: entry.framesDropped ?? 0, keyFramesDecoded: entry.keyFramesDecoded ?? 0,
        framesPerSecond: entry.framesPerSecond ?? 0, frameWidth: entry.frameWidth ?? 0, frameHeight: entry.frameHeight ?? 0,
        packetsReceived: entry.packetsReceived ?? 0, packetsLost: entry.packetsLost ?? 0, pliCount: entry.pliCount ?? 0,
        nackCount: entry.nackCount ?? 0, retransmittedPacketsReceived: entry.retransmittedPacketsReceived ?? 0, jitter: entry.jitter ?? 0,
        jitterBufferDelay: entry.jitterBufferDelay ?? 0, jitterBufferEmittedCount: entry.jitterBufferEmittedCount ?? 0,
        totalDecodeTime: entry.totalDecodeTime ?? 0,
      };
    } else if (entry.type === 'inbound-rtp' && entry.kind === 'audio') {
      figures.inbound.audio = {
        packetsReceived: entry.packetsReceived ?? 0, packetsLost: entry.packetsLost ?? 0,
        totalSamplesReceived: entry.totalSamplesReceived ?? 0, audioLevel: entry.audioLevel ?? 0,
        concealedSamples: entry.concealedSamples ?? 0,
      };
    } else if (entry.type === 'outbound-rtp' && entry.kind === 'video') {
      figures.outbound.video = {
        framesSent: entry.framesSent ?? 0, framesEncoded: entry.framesEncoded ?? 0, framesPerSecond: entry.framesPerSecond ?? 0,
        frameWidth: entry.frameWidth ?? 0, frameHeight: entry.frameHeight ?? 0, packetsSent: entry.packetsSent ?? 0,
        qualityLimitationReason: entry.qualityLimitationReason ?? 'none',
        nackCount: entry.nackCount ?? 0, pliCount: entry.pliCount ?? 0, firCount: entry.firCount ?? 0,
        retransmittedPacketsSent: entry.retransmittedPacketsSent ?? 0, keyFramesEncoded: entry.keyFramesEncoded ?? 0,
      };
    } else if (entry.type === 'outbound-rtp' && entry.kind === 'audio') {
      figures.outbound.audio = { packetsSent: entry.packetsSent ?? 0 };
    } else if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') {
      figures.candidatePair = { currentRoundTripTime: entry.currentRoundTripTime ?? null, bytesReceived: entry.bytesReceived ?? 0 };
    }
  });
  return figures;
}
