import AsyncHTTPClient
import Foundation
import KaptureTestSupport
import NIOCore
import NIOHTTP1
import ReportPipeline
import ReportRendering
import ReportServer
import SLAAnalytics
import Testing
import TicketModel
import TicketStore

/// Requests a hostile or careless client sends, over real loopback HTTP: none may crash the
/// server, each gets one clear problem+json answer, and the server answers `/healthz` after.
@Suite struct HostileRequestTests {
    /// Every route the server lists, with `{table}` as each row table.
    static var everyPath: [String] {
        FeedServer.routes.flatMap { route in
            route.contains("{table}")
                ? RowTables.Name.allCases.map { route.replacingOccurrences(of: "{table}", with: $0.rawValue) }
                : [route]
        }
    }

    /// The extremes of every period parameter, each alone and with the presets.
    static let extremes: [String] = {
        let instants = [
            "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "9998-12-31T23:59:59Z",
            "1970-01-01T00:00:00%2B14:00", "9998-12-31T23:59:59-12:00", "2024-02-29T23:59:60Z", "not-a-time",
        ]
        var queries: [String] = []
        for preset in PeriodPreset.allCases {
            for asOf in instants { queries.append("period=\(preset.rawValue)&asOf=\(asOf)") }
            queries.append("period=\(preset.rawValue)&asOf=9999-12-31T23:59:59Z&timezone=Pacific/Kiritimati")
            queries.append("period=\(preset.rawValue)&asOf=1970-01-01T00:00:00Z&timezone=Etc/GMT%2B12")
        }
        for (from, to) in [
            ("0001-01-01", "0001-01-07"), ("9999-12-25", "9999-12-31"), ("1970-01-01", "1970-01-01"),
            ("9998-12-31", "9998-12-31"), ("0000-01-01", "0000-01-02"), ("1970-01-01", "9998-12-31"),
            ("2024-04-21", "2024-04-15"), ("2024-02-30", "2024-03-01"),
        ] {
            queries.append("from=\(from)&to=\(to)&asOf=2024-04-22T09:00:00Z")
        }
        for weeks in [
            "0", "1", "\(ReportOptions.maximumWeeks)", "\(ReportOptions.maximumWeeks + 1)", "-1",
            "99999999999999999999999",
        ] {
            queries.append("from=1970-01-01&to=1970-01-07&trendWeeks=\(weeks)&asOf=1970-01-08T00:00:00Z")
        }
        for zone in [
            "UTC%00anything", "UTC%0A", "%20UTC", "Etc/GMT-14", String(repeating: "A", count: 5000), "..%2F..",
        ] {
            queries.append("period=last-week&timezone=\(zone)")
        }
        queries.append("period=" + String(repeating: "x", count: 10000))
        return queries
    }()

    /// No request of the extremes, on any route, gets a 5xx or brings the server down; those
    /// past the documented date range are a 400 naming the parameter.
    @Test func theExtremesOfEveryParameterOnEveryRouteAreAnswered() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            for route in Self.everyPath {
                for query in Self.extremes {
                    let a = try await s.get(route + "?" + query)
                    #expect(a.status < 500, "\(route)?\(query.prefix(120)): \(a.status) \(a.text.prefix(300))")
                    if a.status >= 400 {
                        #expect(a.header("Content-Type") == "application/problem+json", "\(route)?\(query.prefix(80))")
                    }
                }
            }
            for route in Self.everyPath {
                let a = try await s.get(route.replacingOccurrences(of: "{table}", with: "daily"))
                #expect(a.status != 404 && a.status < 500, "\(route): \(a.status)")
            }
            // The as-of times past the range are refused, each in one sentence naming asOf.
            for asOf in ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"] {
                for preset in ["last-month", "month-to-date", "last-week"] {
                    let a = try await s.get("/v1/summary?period=\(preset)&asOf=\(asOf)")
                    #expect(a.status == 400)
                    #expect((try a.json()["detail"] as? String)?.hasPrefix("asOf: ") == true, "\(a.text)")
                }
            }
            #expect(try await s.get("/healthz").status == 200)
        }
    }

    /// A control character in any parameter is a 400 before it reaches a zone, a report or a
    /// log: `timezone=UTC%00anything` once reached `period.timeZone` and made the HTML a 500.
    @Test func aControlCharacterInAParameterIsRefused() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            for route in ["/v1/summary", "/v1/report.html", "/v1/report.txt", "/v1/rows/queues"] {
                for query in [
                    "timezone=UTC%00anything", "timezone=UTC%01", "from=2024-04-15%0D&to=2024-04-21", "x%00=1",
                ] {
                    let a = try await s.get(route + "?" + query + "&asOf=2024-04-22T09:00:00Z")
                    #expect(a.status == 400, "\(route)?\(query): \(a.status)")
                    #expect(!a.text.contains("\u{0}"))
                }
            }
            // Without the query string's help: the zone check itself refuses such a name.
            #expect(ZoneClock.zone(named: "UTC\u{0}anything") == nil)
            #expect(ZoneClock.zone(named: "UTC") != nil && ZoneClock.zone(named: "Etc/GMT+5") != nil)
        }
    }

    /// A parameter given twice is a 400 (which one would win is a guess), as an unknown one is.
    @Test func aRepeatedParameterIsRefused() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let a = try await s.get("/v1/summary?period=last-week&period=last-month")
            #expect(a.status == 400)
            #expect((try a.json()["detail"] as? String)?.contains("'period' is given more than once") == true)
            #expect(try await s.get("/v1/rows/queues?format=csv&format=json&" + Harness.demoQuery).status == 400)
            #expect(try await s.get("/v1/summary?" + Harness.demoQuery).status == 200)
        }
    }

    /// HEAD answers as GET without a body (uptime checks use `curl -I`); another method on a
    /// route is 405 with `Allow`; a path that is no route stays 404.
    @Test func headWorksAndOtherMethodsAre405() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            for route in ["/healthz", "/v1/summary?" + Harness.demoQuery, "/", "/v1/rows/daily?" + Harness.demoQuery] {
                let get = try await s.get(route)
                let head = try await s.send(.HEAD, route)
                #expect(head.status == 200 && get.status == 200, "\(route)")
                #expect(head.body.isEmpty)
                #expect(head.header("ETag") == get.header("ETag"))
                #expect(head.header("Content-Type") == get.header("Content-Type"))
            }
            for method in [HTTPMethod.POST, .PUT, .DELETE, .PATCH] {
                for route in ["/v1/summary", "/healthz", "/v1/rows/queues", "/"] {
                    let a = try await s.send(method, route)
                    #expect(a.status == 405, "\(method) \(route): \(a.status)")
                    #expect(a.header("Allow") == "GET, HEAD")
                    #expect(a.header("Content-Type") == "application/problem+json")
                }
            }
            #expect(try await s.send(.POST, "/v1/nothing").status == 404)
            #expect(try await s.get("/v1/rows").status == 404)
        }
    }

    /// No body over 64 KiB, declared or chunked (a 10 MB chunked body once got 200).
    @Test func theBodyLimitHoldsForChunkedBodies() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The idle timeout well beyond any stall of a loaded machine: the request below is
        // left unfinished, and a close for idleness (no answer) must not pass for the limit.
        let configuration = try Harness.configuration("[serve]\nidle_timeout = \"600s\"\n")
        try await Harness.withServer(storePath: path, configuration: configuration) { s in
            // A chunked body one byte over the limit, sent on a socket of its own and then
            // left open: the answer must come before the body ends. (Its last chunk stops
            // after its byte, so the server has read every byte sent when it answers, and
            // closes without unread data; a client still sending 10 MB once lost the answer
            // to the reset that unread data makes.)
            let port = try #require(Int(s.baseURL.split(separator: ":").last ?? ""))
            let raw = try RawConnection(port: port)
            try raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "a", count: FeedServer.maximumBodyBytes / 4)
            for _ in 0..<4 { try raw.send(String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n") }
            try raw.send("1\r\na")
            let big = try await raw.readHead()
            #expect(big.hasPrefix("HTTP/1.1 413"), "\(big.prefix(200))")
            let small = try await s.send(.GET, "/healthz", body: .bytes(ByteBuffer(string: "tiny")))
            #expect(small.status == 200)
            let declared = try await s.send(
                .GET, "/healthz", body: .bytes(ByteBuffer(repeating: 0x61, count: FeedServer.maximumBodyBytes + 1)))
            #expect(declared.status == 413)
            #expect(try await s.get("/healthz").status == 200)
        }
    }

    /// The gzip and identity answers are two representations with two ETags; each one's tag
    /// gives a 304 to a client asking the same way.
    @Test func gzipAndIdentityCarryDifferentTags() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Harness.withServer(storePath: path, configuration: Configuration()) { s in
            let route = "/v1/summary?" + Harness.demoQuery
            let plain = try await s.get(route, headers: [("Accept-Encoding", "identity")])
            let zipped = try await s.get(route, headers: [("Accept-Encoding", "gzip")])
            #expect(zipped.header("Content-Encoding") == "gzip" && plain.header("Content-Encoding") == nil)
            let plainTag = try #require(plain.header("ETag"))
            let zippedTag = try #require(zipped.header("ETag"))
            #expect(plainTag != zippedTag)
            #expect(
                try await s.get(route, headers: [("If-None-Match", plainTag), ("Accept-Encoding", "identity")]).status
                    == 304)
            #expect(
                try await s.get(route, headers: [("If-None-Match", zippedTag), ("Accept-Encoding", "gzip")]).status
                    == 304)
            #expect(
                try await s.get(route, headers: [("If-None-Match", plainTag), ("Accept-Encoding", "gzip")]).status
                    == 200)
            #expect(try await s.get("/metrics").header("Cache-Control") == "no-store")
        }
    }

    /// A connection that never finishes its request head, and a keep-alive connection left
    /// idle, are closed after `[serve] idle_timeout` (here 1 s): the test waits for the
    /// server to close each (the read's end), not for a time.
    @Test func halfSentHeadsAndIdleConnectionsAreClosed() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Harness.configuration("[serve]\nidle_timeout = \"1s\"\n")
        try await Harness.withServer(storePath: path, configuration: configuration) { s in
            let port = try #require(Int(s.baseURL.split(separator: ":").last ?? ""))
            let half = try RawConnection(port: port)
            try half.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            _ = try await half.readUntilClosed()  // no answer is owed; the close is what counts
            let idle = try RawConnection(port: port)
            try idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            let answer = try await idle.readUntilClosed()
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
            #expect(answer.hasSuffix("ok\n"))
            #expect(try await s.get("/healthz").status == 200)
        }
    }

    /// A store that cannot be read is not ready, and every data route says so with a 503
    /// and a reason (a byte-flipped store once answered "ready": true and 500s).
    @Test func aCorruptStoreIsNotReady() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Overwrite the start of pages from a quarter of the file on, where the tickets, their
        // index and the fact blocks live; the header stays, so the store still opens.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        for page in stride(from: size / 4, to: size, by: 16384) {
            try handle.seek(toOffset: page)
            try handle.write(contentsOf: Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
        }
        try handle.close()
        let store = try TicketStores.open(path, readOnly: true)
        let server = try FeedServer(
            configuration: Configuration(), store: store, tokens: FeedTokens(hashes: []), logger: LogCapture().logger())
        try await Harness.withRunning(server, logs: LogCapture()) { s in
            let ready = try await s.get("/readyz")
            #expect(ready.status == 503, "\(ready.text)")
            // Either what `quick_check` found, or SQLite's own refusal when the damage is in a page it
            // needs to run at all (where the flipped bytes land depends on the file's layout).
            #expect(ready.text.contains("the database is corrupt"), "\(ready.text)")
            #expect(!ready.text.contains("\\n"))
            for route in ["/v1/summary?", "/v1/report.html?", "/v1/rows/daily?"] {
                let a = try await s.get(route + Harness.demoQuery)
                #expect(a.status == 503, "\(route): \(a.status) \(a.text)")
                #expect(a.header("Content-Type") == "application/problem+json")
            }
            #expect(try await s.get("/healthz").status == 200)
        }
    }
}

/// A plain TCP connection to a loopback port, for what an HTTP client will not send.
final class RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        // A read that hears nothing for a minute fails the test rather than hanging it.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// Why a read ended without what it waited for.
    struct ReadFailed: Error, CustomStringConvertible {
        let what: String
        let errno: Int32
        var description: String { "\(what) (errno \(errno); 11: nothing for a minute)" }
    }

    /// The response's head: what the server sends up to the first empty line (or until it
    /// closes the connection); a read that times out throws.
    func readHead() async throws -> String {
        try await Self.blocking { [fd] () throws(ReadFailed) in
            var out: [UInt8] = []
            var byte: UInt8 = 0
            while !out.ends(with: Array("\r\n\r\n".utf8)) {
                let n = recv(fd, &byte, 1, 0)
                if n == 0 { break }
                if n < 0 { throw ReadFailed(what: "the server sent no answer", errno: errno) }
                out.append(byte)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Everything the server sends until it closes the connection; a read that times out
    /// throws.
    func readUntilClosed() async throws -> String {
        try await Self.blocking { [fd] () throws(ReadFailed) in
            var out: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n == 0 { break }
                if n < 0 { throw ReadFailed(what: "the server did not close the connection", errno: errno) }
                out += buffer[0..<n]
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Runs a blocking read on a thread of its own: blocked on the cooperative pool (two
    /// threads here), two such reads stalled every server of the process, whose handlers
    /// run there, until the reads gave up.
    static func blocking(_ read: @escaping @Sendable () throws(ReadFailed) -> String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { () throws(ReadFailed) in try read() }) }
        }
    }
}

extension Array where Element: Equatable {
    func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
