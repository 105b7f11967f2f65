import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error a client gets as `application/problem+json` (RFC 9457): a status, a title and one
/// clear `detail` sentence.
struct Problem: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var detail: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.headers = headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response(instance: request.uri.path)
    }

    func response(instance: String) -> Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        fields[.cacheControl] = "no-store"
        let body =
            "{\"type\":\"about:blank\",\"title\":\(Self.quote(status.reasonPhrase)),\"status\":\(status.code),"
            + "\"detail\":\(Self.quote(detail)),\"instance\":\(Self.quote(instance))}\n"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The status of a code `PipelineError.Kind.presentation` names, with its reason phrase.
    static func status(_ code: Int) -> HTTPResponse.Status {
        let known: [HTTPResponse.Status] = [
            .badRequest, .unprocessableContent, .badGateway, .serviceUnavailable, .internalServerError,
        ]
        return known.first { $0.code == code } ?? HTTPResponse.Status(code: code)
    }

    static func quote(_ s: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = (try? encoder.encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
