import Hummingbird

/// Two limits per client address: session creations per minute, and failed token checks per
/// minute (a 401 from any route). A client over either limit gets 429 with Retry-After before
/// its request does any work, so tokens cannot be guessed at speed.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext

    let creations: RateLimiter
    let authFailures: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let client = context.clientAddress
        let isCreation = request.method == .post && request.uri.path == "/api/sessions"
        if !(await authFailures.allows(client)) {
            throw APIError(.tooManyRequests, "too_many_failures",
                           "too many requests with a wrong token from \(client); wait \(await authFailures.retryAfter(client)) s")
        }
        if isCreation, !(await creations.allows(client)) {
            throw APIError(.tooManyRequests, "too_many_sessions",
                           "too many sessions created from \(client); wait \(await creations.retryAfter(client)) s")
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
}
