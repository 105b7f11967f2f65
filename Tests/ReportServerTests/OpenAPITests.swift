import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportServer
import Testing

/// `/v1/openapi.json`: every route the server answers is documented, every documented
/// parameter is accepted (with its example value), and every parameter a route accepts is
/// documented (the route's own list, from its 400 for an unknown one).
@Suite struct OpenAPITests {
    static let period = "from=2024-04-15&to=2024-04-21&asOf=2024-04-22T09:00:00%2B05:30"

    static func encoded(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    @Test func everyRouteAndParameterIsDocumentedAndAccepted() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Harness.configuration(
            "[[slice]]\nname = \"billing\"\nwhere = { queue = \"Billing & Payments\" }\n")
        try await Harness.withServer(storePath: path, configuration: configuration) { s in
            let answer = try await s.get("/v1/openapi.json")
            #expect(answer.status == 200 && answer.header("Content-Type") == "application/json")
            let doc = try answer.json()
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            // Every route the server answers, and nothing else.
            #expect(Set(paths.keys) == Set(FeedServer.routes))
            #expect(try await s.get("/v1/nothing").status == 404)
            for (route, item) in paths.sorted(by: { $0.key < $1.key }) {
                let get = try #require(item["get"] as? [String: Any], "\(route)")
                #expect(get["responses"] is [String: Any], "\(route)")
                let concrete = route.replacingOccurrences(of: "{table}", with: "queues")
                let base = try await s.get(concrete + (concrete.hasPrefix("/v1/") ? "?" + Self.period : ""))
                #expect(base.status == 200, "\(route): \(base.text.prefix(200))")
                let parameters = (get["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "query" }
                let names = parameters.compactMap { $0["name"] as? String }
                #expect(Set(names).count == names.count, "\(route): a parameter twice")
                // Each documented parameter, with its example, is accepted.
                for p in parameters {
                    let name = try #require(p["name"] as? String)
                    #expect(p["description"] as? String != nil && p["schema"] != nil, "\(route) \(name)")
                    let value: String
                    switch p["example"] {
                    case let list as [Any]: value = "\(list[0])"
                    case let n as NSNumber: value = n.stringValue
                    case let text as String: value = text
                    default:
                        #expect(name == "cursor", "\(route) \(name): no example")
                        let first = try await s.get("\(concrete)?limit=3&" + Self.period).json()
                        value = try #require(first["next"] as? String)
                    }
                    let query: String
                    switch name {
                    case "period", "asOf", "timezone", "trendWeeks": query = "\(name)=\(Self.encoded(value))"
                    case "from", "to": query = Self.period
                    case "cursor": query = "cursor=\(value)&limit=3&" + Self.period
                    default: query = "\(name)=\(Self.encoded(value))&" + Self.period
                    }
                    let a = try await s.get("\(concrete)?\(query)")
                    #expect(a.status == 200, "\(route) \(name)=\(value): \(a.text.prefix(300))")
                }
                // And the route accepts no parameter the document does not name.
                if !parameters.isEmpty {
                    let refused = try await s.get("\(concrete)?zzz=1&" + Self.period)
                    #expect(refused.status == 400)
                    let detail = try #require(try refused.json()["detail"] as? String)
                    let taken = detail.components(separatedBy: "this route takes ").last ?? ""
                    #expect(
                        Set(taken.components(separatedBy: ", ")) == Set(names), "\(route): the route takes \(taken)")
                }
            }
            // Every reference inside the document resolves.
            let text = answer.text
            let components = try #require(doc["components"] as? [String: Any])
            let schemas = try #require(components["schemas"] as? [String: Any])
            for name in ["Problem", "TicketPage"] {
                #expect(schemas[name] != nil)
                #expect(text.contains("\"#/components/schemas/\(name)\""))
            }
            #expect(!text.contains("#/components/schemas/") || schemas.count == 2)
        }
    }
}
