/// Where an event can be watched, for the HTML report: its moment on the review page and its
/// clip cut from the recording (only for recorded sessions; the PDF keeps the stills alone).
public struct ReportEventLinks: Sendable, Equatable {
    public let review: String
    public let clip: String

    public init(review: String, clip: String) {
        self.review = review
        self.clip = clip
    }
}
