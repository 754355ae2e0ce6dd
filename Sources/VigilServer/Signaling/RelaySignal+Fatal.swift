import VigilMedia

extension RelaySignal {
    /// An error after which the page must join again: the socket is closed once it is sent.
    var isFatal: Bool {
        if case .error(_, _, let fatal) = self { return fatal }
        return false
    }
}
