import Foundation
import VigilGStreamer

/// What a load peer sends and how it receives, as gst-launch descriptions. The sent video is
/// the face photo with a running clock burned in (every frame differs, as a camera's would),
/// encoded once per process into a `LoadClip` with the server's re-encoder settings and pushed
/// by `LoadClipPlayer` into each peer's `send_video` appsrc: the load client's CPU goes to
/// receiving, not to one live encoder per peer (issue 16, item 4).
public struct LoadMedia: Sendable {
    /// A JPEG with a face (the candidate's camera; the interviewer sends the same).
    public var photo: String
    public var width = 640
    public var height = 480
    public var framerate = 30
    public var videoBitrate = 1_500_000

    public init(photo: String) { self.photo = photo }

    /// The default photo, found from the working directory (repository root) like the tests do.
    public static var defaultPhoto: String { "../shared/media/faces/frontal/grace_hopper_frontal.jpg" }

    /// webrtcbin with the video (appsrc `send_video`, fed the clip) on sink_0 and the audio on
    /// sink_1, the order the server offers.
    func sendDescription() throws(LoadError) -> String {
        guard FileManager.default.fileExists(atPath: photo) else { throw .photoMissing(path: photo) }
        return """
        webrtcbin name=webrtc bundle-policy=max-bundle latency=50
        appsrc name=send_video is-live=true do-timestamp=true format=time leaky-type=downstream max-bytes=4000000 caps=video/x-vp8
          ! rtpvp8pay pt=96 picture-id-mode=15-bit mtu=1200 ! queue ! capsfilter caps="\(RTPCaps.vp8)" ! webrtc.sink_0
        audiotestsrc is-live=true wave=sine volume=0.2 ! audio/x-raw,rate=48000,channels=2 ! audioconvert ! opusenc
          ! rtpopuspay pt=111 ! queue ! capsfilter caps="\(RTPCaps.opus)" ! webrtc.sink_1
        """
    }

    /// The branch for a pad webrtcbin exposes; ends in the fakesink named `counter`, whose
    /// sink pad the peer probes to count frames (decoded, or VP8 frames when not decoding).
    static func receiveDescription(video: Bool, decode: Bool) -> String {
        guard video else { return "queue ! rtpopusdepay ! fakesink name=counter sync=false async=false" }
        let decoder = decode ? " ! vp8dec threads=1" : ""
        return "queue ! rtpvp8depay request-keyframe=true wait-for-keyframe=true\(decoder) ! fakesink name=counter sync=false async=false"
    }
}
