import Hummingbird
import Logging
import NIOCore
import VigilStore

/// Makes every failure a JSON error: Hummingbird's own (unknown route, body too large), the
/// store's, and unexpected ones (logged, answered 500 without internals).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            if error.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path): \(error.message)")
            }
            throw error
        } catch let error as StoreError {
            let answer = APIError.from(error)
            if answer.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path): \(error)")
            }
            throw answer
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "body_too_large", "the request body is larger than the 64 KiB this server accepts")
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                // A documented path asked with a method it does not take: 405 with the ones it does.
                let allowed = OpenAPIDocument.methods(servingPath: request.uri.path)
                if !allowed.isEmpty, !allowed.contains(request.method.rawValue) {
                    let list = allowed.joined(separator: ", ")
                    throw APIError(.methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed on \(request.uri.path); use \(list)",
                                   headers: [.allow: list])
                }
                throw APIError(.notFound, "no_such_route", "no route \(request.method) \(request.uri.path); see /api/openapi.json")
            case .methodNotAllowed:
                throw APIError(.methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed on \(request.uri.path); see /api/openapi.json")
            default:
                throw APIError(error.status, "http_error", error.body ?? error.status.reasonPhrase)
            }
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, "http_error", error.status.reasonPhrase)
        } catch {
            context.logger.error("unexpected failure on \(request.method) \(request.uri.path): \(error)")
            throw APIError(.internalServerError, "internal", "the server failed unexpectedly; the failure is logged")
        }
    }
}
