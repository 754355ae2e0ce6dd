import Hummingbird
import VigilStore

/// Two limits per client address (the real client's, see `ClientAddressResolver`): session
/// creations per minute, and failed token checks per minute (a 401 from any route). A client
/// over either limit gets 429 with Retry-After before its request does any work, so tokens
/// cannot be guessed at speed. Only wrong tokens are refused by the failure limiter: a request
/// carrying a valid token has it checked first and goes on, and one carrying none guesses nothing
/// (health, metrics, pages; a protected route still answers it 401 and counts that), so someone
/// else's guessing from the same address (a shared NAT, every user behind the reverse proxy)
/// cannot lock an honest participant out.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext

    let creations: RateLimiter
    let authFailures: RateLimiter
    let addresses: ClientAddressResolver
    let auth: TokenCheck

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let client = addresses.clientAddress(peer: context.peerAddress, headers: request.headers)
        let isCreation = request.method == .post && request.uri.path == "/api/sessions"
        if let token = TokenCheck.bearer(in: request), !(await authFailures.allows(client)), !(await isValid(token)) {
            RefusalCounter.increment("too_many_failures")
            let seconds = await authFailures.retryAfter(client)
            throw APIError.tooManyRequests("too_many_failures", "too many requests with a wrong token from \(client); wait \(seconds) s",
                                           retryAfter: seconds)
        }
        if isCreation, !(await creations.allows(client)) {
            RefusalCounter.increment("too_many_sessions")
            let seconds = await creations.retryAfter(client)
            throw APIError.tooManyRequests("too_many_sessions", "too many sessions created from \(client); wait \(seconds) s",
                                           retryAfter: seconds)
        }
        do {
            let response = try await next(request, context)
            if isCreation && response.status == .created { await creations.record(client) }
            return response
        } catch let error as APIError where error.status == .unauthorized {
            await authFailures.record(client)
            throw error
        }
    }

    /// Whether the token is the admin key or any session's. Only asked once the address is over
    /// its failure allowance; the route still checks that the token fits it.
    private func isValid(_ token: String) async -> Bool {
        if auth.isAdmin(token) { return true }
        return (try? await auth.store.isKnownToken(token)) ?? false
    }
}
