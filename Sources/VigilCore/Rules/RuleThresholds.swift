/// Every number the rules judge by, in one value, so an operator (or `vigil analyze`) can tune
/// proctoring without touching code. The defaults are the product's documented policy.
public struct RuleThresholds: Sendable, Codable, Equatable {
    /// Looking away raises an event when it lasts longer than this.
    public var lookingAwaySeconds: Double = 5
    /// No face raises an event when it lasts longer than this.
    public var noFaceSeconds: Double = 10
    /// Several faces raise an event once they have lasted at least this long.
    public var multipleFacesSeconds: Double = 2
    /// Eyes closed raise an event when they stay closed longer than this.
    public var eyesClosedSeconds: Double = 3
    /// A forbidden object raises an event when it is seen in `objectMinHits` of the last
    /// `objectWindow` analysed frames...
    public var objectWindow: Int = 5
    public var objectMinHits: Int = 3
    /// ...and the event ends after this many analysed frames in a row without it.
    public var objectClearFrames: Int = 5
    /// Object detections below this score are ignored (YOLOX's own default; the 3-of-5 window
    /// absorbs single-frame false positives).
    public var objectMinScore: Double = 0.3
    /// Head pose beyond these angles (degrees, against the line of sight to the camera) counts
    /// as looking away. Pitch is measured less reliably than yaw, hence the wider limit.
    public var maxYawDegrees: Double = 30
    public var maxPitchDegrees: Double = 35
    /// Horizontal iris offset beyond this (in half eye-widths, see `Gaze`) counts as looking
    /// away. Measured on the gaze clips: about ±0.07 looking at the screen, 0.28–0.33 looking
    /// aside.
    public var maxGazeOffset: Double = 0.25
    /// An eyes-open ratio below this counts as eyes closed.
    public var eyesClosedBelow: Double = 0.25
    /// A sustained condition (looking away, no face, several faces, eyes closed) must be absent
    /// this long before its event ends; shorter gaps are detector flicker and do not split events.
    public var releaseSeconds: Double = 1
    /// A hand held at the ear (beside the face, at its height) raises a phone event once it has
    /// lasted at least this long, even when the object detector cannot see the phone (the hand
    /// hides it). Long enough that scratching an ear or fixing hair does not count.
    public var phoneAtEarSeconds: Double = 4
    /// Head pitch below the candidate's neutral pose by more than this (degrees) counts as looking
    /// down (at notes, a phone in the lap): a limit of its own, tighter than `maxPitchDegrees`,
    /// since a look down at a desk moves the head less than a look aside.
    public var maxPitchDownDegrees: Double = 20
    /// The candidate's neutral pose (pitch, yaw) is learned over the first this-many seconds of
    /// face frames, and looking away / down is judged against it (a camera above or below the
    /// screen shifts everyone's pitch).
    public var neutralPoseSeconds: Double = 5
    /// A learned neutral pose further than this from straight ahead (degrees) is not trusted (the
    /// candidate was not facing the screen while it was learned): the rules keep judging against
    /// straight ahead.
    public var maxNeutralOffsetDegrees: Double = 20
    /// The object detector's `person` boxes at or above this score count as people for "several
    /// people", alongside faces (a person turned away or far off has no detectable face).
    public var personMinScore: Double = 0.5
    /// A voice on the candidate's microphone, with the candidate's lips still and the
    /// interviewer silent, raises `background_voice` once it has lasted at least this long.
    public var backgroundVoiceSeconds: Double = 2
    /// Lips count as still when the mouth opening (`FaceObservation.mouthOpen`) varies by less
    /// than this over the last `lipsWindowSeconds`. A still face (a photo relayed through VP8,
    /// `AudioCheckTests`) stays under it; speech opens and closes the lips by more (not measured
    /// here: the shared media has no talking clip).
    public var lipsStillBelow: Double = 0.06
    public var lipsWindowSeconds: Double = 1
    /// The interviewer's speech this long before a moment (and 0.5 s after) may still be on the
    /// candidate's microphone as echo from speakers, so a voice then is not judged.
    public var interviewerEchoSeconds: Double = 1
    /// The candidate's microphone silent (nothing above `silenceBelowDecibels`) for longer than
    /// this raises `no_audio`. -60 dBFS is far below any room with a live microphone in it.
    public var noAudioSeconds: Double = 30
    public var silenceBelowDecibels: Double = -60
    /// The face on camera raises `identity_mismatch` once it has differed from the enrolled face
    /// for at least this long (compared about once a second, see `AnalysisBudget`).
    public var identityMismatchSeconds: Double = 3
    /// Two face descriptors further apart than this (Euclidean) are taken for different people.
    /// dlib suggests 0.6 for its face recognition ResNet (LFW); on the labelled photos and clips
    /// here the same person stayed within 0.45 (a 45° head turn) and two different men came as
    /// close as 0.54, hence 0.5. `make bench` prints the false match / false non-match rates.
    public var identityMaxDistance: Double = 0.5
    /// Good frames (one face, yaw within `identityEnrolmentMaxDegrees`, pitch within
    /// `maxPitchDegrees`, sharp) averaged into the enrolment at the start of the call.
    public var identityEnrolmentFrames: Int = 5
    public var identityEnrolmentMaxDegrees: Double = 15
    /// Mean squared Laplacian of the aligned face chip (grey 0...255) below which a frame is too
    /// blurred to enrol from.
    public var identityMinSharpness: Double = 20
    /// An identity sample's verdict stands for the analysed frames after it (while one face is in
    /// view) for at most this long, so `identityMismatchSeconds` is counted on every analysed
    /// frame rather than on the ~1 a second the check runs on, where a sample a few milliseconds
    /// early cost a whole second more.
    public var identityVerdictSeconds: Double = 1.5

    public init() {}

    public static let standard = RuleThresholds()
}
