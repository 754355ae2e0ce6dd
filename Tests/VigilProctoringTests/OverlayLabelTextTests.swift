import Testing
import VigilProctoring

/// The text of a box label in the interviewer's video: the detected thing's short name and the
/// detector's confidence with two decimals.
struct OverlayLabelTextTests {
    @Test func aPhoneIsLabelledWithItsEventNameAndConfidence() {
        #expect(OverlayState.label("cell phone", confidence: 0.8234) == "phone 0.82")
    }

    @Test func confidenceIsRoundedToTwoDecimalsAndClamped() {
        #expect(OverlayState.label("face", confidence: 0.066) == "face 0.07")
        #expect(OverlayState.label("book", confidence: 0.999) == "book 1.00")
        #expect(OverlayState.label("laptop", confidence: 1.4) == "laptop 1.00")
        #expect(OverlayState.label("tv", confidence: 0.5) == "tv 0.50")
    }
}
