/// Where a hand is relative to the candidate's face, from the two boxes alone: raised to the ear
/// (beside the face, at its height — how a phone call is held), held in front of the face, or
/// low at the desk edge (the bottom of the frame, where a phone in the lap is worked). These are
/// plain observed positions; only the ear one feeds a rule (`PhoneInUseRule`), the others are
/// reported for a reviewer.
public enum HandPlacement: String, Sendable, Codable, CaseIterable {
    case atEar = "at_ear"
    case beforeFace = "before_face"
    case lowAtDesk = "low_at_desk"
    case elsewhere

    /// The placement of `hand` given the candidate's `face` (nil: no face, so neither ear nor
    /// face can be judged; only "low" can).
    public static func of(_ hand: Box, face: Box?) -> HandPlacement {
        let hx = hand.x + hand.width / 2, hy = hand.y + hand.height / 2
        if let face {
            let fx = face.x + face.width / 2, fy = face.y + face.height / 2
            let across = abs(hx - fx) / face.width
            let down = (hy - fy) / face.height
            // Ear: the hand's centre beside the face (its side half or just past it), between
            // eye height and the jaw. Lower (a microphone or a cup at the mouth: 0.68 face
            // heights below the centre on the labelled photos) is not the ear.
            if across >= 0.3, across <= 1.1, down >= -0.5, down <= 0.5 { return .atEar }
            if across < 0.3, abs(down) <= 0.5 { return .beforeFace }
        }
        // Low: the hand reaches the bottom tenth of the frame.
        if hand.y + hand.height >= 0.9 { return .lowAtDesk }
        return .elsewhere
    }
}
