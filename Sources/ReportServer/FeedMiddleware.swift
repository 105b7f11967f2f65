import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import ReportPipeline
import TicketModel
import TicketStore

/// Around every route: the token check, problem+json for every error, security headers,
/// the request's metrics and one log line (the query's token never in it).
struct FeedMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let server: FeedServer
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = DispatchTime.now().uptimeNanoseconds
        var response: Response
        do {
            var request = request
            try await check(&request)
            response = try await next(request, context)
        } catch let p as Problem {
            response = p.response(instance: request.uri.path)
        } catch let e as PipelineError where e.kind == .failure {
            // Not the client's doing, nor the store's: the sentence and its cause go to the log.
            server.logger.error(
                "request failed",
                metadata: [
                    "path": "\(request.uri.path)", "error": "\(e.message)", "cause": "\(e.cause.map { "\($0)" } ?? "")",
                ])
            response = Problem(.internalServerError, "the server could not answer; its log says why").response(
                instance: request.uri.path)
        } catch let e as PipelineError {
            response = Problem(Problem.status(e.kind.presentation.httpStatus), e.message).response(
                instance: request.uri.path)
        } catch let e as TicketStoreError {
            response = Problem(.serviceUnavailable, "the store cannot be read: \(e.reason)").response(
                instance: request.uri.path)
        } catch let e as HTTPError where e.status == .notFound && FeedServer.isRoute(request.uri.path) {
            response = Problem(
                .methodNotAllowed, "\(request.uri.path) answers GET and HEAD, not \(request.method)",
                headers: [.allow: "GET, HEAD"]
            ).response(instance: request.uri.path)
        } catch let e as HTTPError {
            let detail =
                e.status == .notFound
                ? "no route \(request.method) \(request.uri.path); see docs/SERVE.md for the routes"
                : e.body ?? e.status.reasonPhrase
            response = Problem(e.status, detail, headers: e.headers).response(instance: request.uri.path)
        } catch {
            server.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = Problem(.internalServerError, "the server could not answer; its log says why").response(
                instance: request.uri.path)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "no-referrer"
        if let type = response.headers[.contentType], type.hasPrefix("text/html") || type.hasPrefix("application/xhtml")
        {
            response.headers[.contentSecurityPolicy] =
                request.uri.path == "/" ? server.dashboard.contentSecurityPolicy : Dashboard.reportPolicy
            response.headers[Self.xFrameOptions] = "DENY"
        }
        let route = context.endpointPath ?? "unmatched"
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        server.metrics.request(route: route, status: Int(response.status.code), seconds: seconds)
        server.logger.debug(
            "\(request.method) \(request.uri.path) \(response.status.code)",
            metadata: ["ms": "\(Int(seconds * 1000))"])
        return response
    }

    /// No request body over 64 KiB, whether its length is declared or it comes in chunks; no
    /// query parameter given twice or holding a control character; a bearer token (or
    /// `?token=`) on every route but `/healthz`, when tokens exist.
    func check(_ request: inout Request) async throws {
        let limit = FeedServer.maximumBodyBytes
        let tooLarge = Problem(.contentTooLarge, "the request body is over 64 KiB; these routes take none")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        if request.headers[.transferEncoding] != nil || request.headers[.contentLength] != nil {
            do { _ = try await request.collectBody(upTo: limit) } catch { throw tooLarge }
        }
        var queryToken: Substring?
        // A query text checked before (without a token in it) is not checked again.
        if let query = request.uri.query, server.checkedQueries[query] == nil {
            try Self.checkQuery(request.uri.queryParameters, token: &queryToken)
            if queryToken == nil { server.checkedQueries[query] = true }
        }
        if request.uri.path == "/healthz" || server.tokens.isEmpty { return }
        var token: String?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                token = parts[1].trimmingASCIIWhitespace()
            }
        }
        if token == nil { token = queryToken.map(String.init) }
        guard let token, server.tokens.accepts(token) else {
            throw Problem(
                .unauthorized,
                token == nil
                    ? "this route needs a feed token: Authorization: Bearer <token> (or ?token=)"
                    : "the feed token is not one this server accepts",
                headers: [.wwwAuthenticate: "Bearer realm=\"slareport\""])
        }
    }

    /// No query parameter given twice (but the repeatable ones) or holding a control
    /// character; `token` gets the `token` parameter's value, if any.
    static func checkQuery(_ parameters: FlatDictionary<Substring, Substring>, token: inout Substring?) throws {
        var seen: Set<String> = []
        for (name, value) in parameters {
            if name == "token" { token = value }
            let name = String(name)
            guard !PeriodSelection.holdsControlCharacter(name), !PeriodSelection.holdsControlCharacter(value) else {
                throw Problem(
                    .badRequest, "query parameter '\(PeriodSelection.shown(name))' holds a control character")
            }
            guard seen.insert(name).inserted || FeedServer.repeatableParameters.contains(name) else {
                throw Problem(.badRequest, "query parameter '\(name)' is given more than once; give it once")
            }
        }
    }
}
