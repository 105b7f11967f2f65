import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportServer
import SLAAnalytics
import Testing
import TicketModel
import TicketStore

/// The server resolves a query's text once and answers the same text again from what it
/// made of it (`ResolvedQueries`), for as long as resolving it again would give the same: a
/// query without `asOf` names its period relative to today, so it is resolved again after the
/// zone's midnight, and each summary computed for it is as of its own request.
@Suite struct ResolvedQueryTests {
    struct Figures: Decodable {
        struct Period: Decodable { var from: String }
        var period: Period
        var asOf: String
    }

    @Test func aQueryWithoutAsOfIsResolvedAgainAfterMidnight() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock(parseRFC3339("2024-04-21T23:58:00+05:30")!)  // a Sunday, in Asia/Kolkata
        let server = try FeedServer(
            configuration: Configuration(), store: try TicketStores.open(path), tokens: FeedTokens(hashes: []),
            logger: LogCapture().logger(), now: { clock.now })
        try await Harness.withRunning(server, logs: LogCapture()) { s in
            func ask() async throws -> (from: String, asOf: Date?) {
                let answer = try await s.get("/v1/summary?period=last-week&timezone=Asia/Kolkata")
                #expect(answer.status == 200, "\(answer.text)")
                let f = try JSONDecoder().decode(Figures.self, from: answer.body)
                return (f.period.from, parseRFC3339(f.asOf))
            }
            let sunday = try await ask()
            #expect(sunday.from == "2024-04-08" && sunday.asOf == clock.now)
            // Past the cache's minute, the same day: computed again, as of this request.
            clock.set(parseRFC3339("2024-04-21T23:59:30+05:30")!)
            let later = try await ask()
            #expect(later.from == "2024-04-08" && later.asOf == clock.now)
            // Past midnight: last week is the week that just ended.
            clock.set(parseRFC3339("2024-04-22T00:00:05+05:30")!)
            let monday = try await ask()
            #expect(monday.from == "2024-04-15" && monday.asOf == clock.now)
        }
    }

    /// The middleware skips checking a query text it found well formed before, but never
    /// one holding `?token=`: the token has to be read from it every time.
    @Test func aQueryWithATokenIsCheckedEveryTime() async throws {
        let (folder, path) = try Harness.exampleStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = FeedTokens.newToken()
        let server = try FeedServer(
            configuration: Configuration(), store: try TicketStores.open(path),
            tokens: FeedTokens(hashes: [FeedTokens.hash(token)]), logger: LogCapture().logger())
        try await Harness.withRunning(server, logs: LogCapture()) { s in
            let query = "/v1/summary?" + Harness.demoQuery
            for _ in 0..<3 {
                let answer = try await s.get(query + "&token=" + token)
                #expect(answer.status == 200, "\(answer.text)")
            }
            for _ in 0..<2 {
                #expect(try await s.get(query, headers: [("Authorization", "Bearer " + token)]).status == 200)
                #expect(try await s.get(query).status == 401)
                #expect(try await s.get(query + "&token=slr_wrong").status == 401)
            }
            // Still checked after it answered: a parameter given twice.
            #expect(try await s.get(query + "&token=" + token + "&from=2024-04-16").status == 400)
        }
    }
}
