/// The candidate line as the page should see it: with VIGIL_PUBLIC_ADDRESS set, host candidates
/// announce that address instead of the local one (1:1 NAT, as in cloud hosts).
struct PublicAddressAnnouncement: Sendable {
    let publicAddress: String?

    func announced(_ candidate: String) -> String {
        guard let publicAddress else { return candidate }
        var fields = candidate.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count > 7, fields[6] == "typ", fields[7] == "host", !fields[4].contains(":") else { return candidate }
        fields[4] = publicAddress
        return fields.joined(separator: " ")
    }
}
