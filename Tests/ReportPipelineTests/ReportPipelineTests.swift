import ExampleData
import Foundation
import KaptureTestSupport
import ReportPipeline
import ReportRendering
import SLAAnalytics
import Testing
import TicketModel
import TicketStore

/// The pipeline called as a library, the way the command line and the server call it: no
/// process is started.
@Suite struct ReportPipelineTests {
    static var examples: String { ExampleData.responsesURL!.path }
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    static func demoOptions() throws -> ReportOptions {
        try PeriodSelection(from: "2024-04-15", to: "2024-04-21", asOf: "2024-04-22T09:00:00+05:30")
            .resolve(configuration: Configuration())
    }

    /// The demo's request (its data: the bundled weeks after the generated ones; its options:
    /// those the period parser resolves without a configuration) gives the committed demo
    /// summary, byte for byte, and every document.
    @Test func theReportJobReproducesTheDemoSummary() throws {
        let options = try Self.demoOptions()
        let result = try DemoData.withInputs { inputs throws(PipelineError) in
            try ReportJob.run(ReportRequest(source: .files(inputs), options: options, accountTimeZone: Self.kolkata))
        }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ReportRenderingTests/Fixtures/summary.json")
        #expect(try SummaryJSON.encode(result.summary) == Data(contentsOf: fixture))
        #expect(result.documents.map(\.name).first == "summary.json")
        #expect(result.documents.count == 12)
        #expect(result.documents[0].data == (try SummaryJSON.encode(result.summary)))
    }

    /// A period without a ticket (a quiet week, or one not pulled yet) renders every format,
    /// validated: no empty table in the HTML email.
    @Test func aPeriodWithoutTicketsRendersEveryFormat() throws {
        let options = try PeriodSelection(from: "2025-01-01", to: "2025-01-07", asOf: "2025-01-08T09:00:00+05:30")
            .resolve(configuration: Configuration())
        let result = try ReportJob.run(
            ReportRequest(source: .files([Self.examples]), options: options, accountTimeZone: Self.kolkata))
        #expect(result.summary.totals.tickets == 0)
        #expect(result.documents.count == 12)
        let html = String(decoding: result.documents.first { $0.name == "report.html" }!.data, as: UTF8.self)
        #expect(html.contains("No tickets."))
    }

    /// One parser of periods, whatever the front end calls its parameters.
    @Test func periodErrorsNameTheParameterAsTheFrontEndSpellsIt() {
        let query = PeriodSelection.ParameterNames(
            from: "from", to: "to", period: "period", asOf: "asOf", timezone: "timezone", trendWeeks: "trendWeeks")
        let cases: [(PeriodSelection, String, String)] = [
            (
                PeriodSelection(from: "2024-13-01", to: "2024-12-31"), "--from: '2024-13-01' is not a YYYY-MM-DD date",
                "from: '2024-13-01' is not a YYYY-MM-DD date"
            ),
            (
                PeriodSelection(from: "2024-05-02", to: "2024-05-01"),
                "--to (2024-05-01) is before --from (2024-05-02)",
                "to (2024-05-01) is before from (2024-05-02)"
            ),
            (
                PeriodSelection(preset: "fortnight"), "--period: 'fortnight' is not one of",
                "period: 'fortnight' is not one of"
            ),
            (
                PeriodSelection(preset: "last-week", timezone: "Mars/Olympus"), "--timezone: 'Mars/Olympus'",
                "timezone: 'Mars/Olympus'"
            ),
            (PeriodSelection(preset: "last-week", asOf: "soon"), "--as-of: 'soon'", "asOf: 'soon'"),
            (PeriodSelection(from: "2024-05-01"), "--from and --to go together", "from and to go together"),
            (
                PeriodSelection(preset: "last-week", trendWeeks: "0"), "--trend-weeks: '0' is not a number of weeks",
                "trendWeeks: '0' is not a number of weeks"
            ),
            (
                PeriodSelection(preset: "last-week", trendWeeks: "eight"), "--trend-weeks: 'eight'",
                "trendWeeks: 'eight'"
            ),
            (
                PeriodSelection(from: "2000-01-01", to: "2024-01-01"), "--from/--to span more than ten years",
                "from/to span"
            ),
            (
                PeriodSelection(preset: "last-month", asOf: "9999-12-31T23:59:59Z"),
                "--as-of: 9999-12-31T23:59:59Z falls on 10000-01-01 in Asia/Kolkata, outside 1970-01-01 … 9998-12-31",
                "asOf: 9999-12-31T23:59:59Z falls on 10000-01-01"
            ),
            (
                PeriodSelection(preset: "month-to-date", asOf: "0001-01-01T00:00:00Z"),
                "--as-of: 0001-01-01T00:00:00Z falls on 0001-01-01", "asOf: 0001-01-01T00:00:00Z falls on"
            ),
            (
                PeriodSelection(preset: "last-month", asOf: "1970-01-15T00:00:00Z"),
                "--period last-month as of 1970-01-15 starts on 1969-12-01, outside 1970-01-01 … 9998-12-31",
                "period last-month as of 1970-01-15 starts on 1969-12-01"
            ),
            (
                PeriodSelection(from: "9999-12-25", to: "9999-12-31"), "--from: 9999-12-25 is outside 1970-01-01",
                "from: 9999-12-25 is outside"
            ),
            (
                PeriodSelection(from: "1970-01-01", to: "9999-01-01"), "--to: 9999-01-01 is outside",
                "to: 9999-01-01 is outside"
            ),
            (
                PeriodSelection(preset: "last-week", timezone: "UTC\u{0}anything"),
                "--timezone: 'UTC\\0anything' is not an IANA time zone name", "timezone: 'UTC\\0anything'"
            ),
        ]
        for (selection, cli, http) in cases {
            for (names, expected) in [(PeriodSelection.ParameterNames.commandLine, cli), (query, http)] {
                do {
                    _ = try selection.resolve(configuration: Configuration(), names: names)
                    Issue.record("\(selection) resolved")
                } catch {
                    #expect(error.kind == .usage)
                    #expect(error.message.hasPrefix(expected), "\(error.message)")
                }
            }
        }
    }

    /// Every preset at the ends of the date range: worked out by hand, or refused in one
    /// sentence; never a trap (`last-month` as of 9999-12-31 once crashed the process).
    @Test func presetsAtTheEndsOfTheRangeResolveOrAreRefused() throws {
        let cases: [(String, String, String?)] = [
            ("last-month", "9998-12-31T12:00:00Z", "9998-11-01 … 9998-11-30"),
            ("month-to-date", "9998-12-31T12:00:00Z", "9998-12-01 … 9998-12-31"),
            ("last-week", "9998-12-31T12:00:00Z", "9998-12-21 … 9998-12-27"),
            ("yesterday", "9998-12-31T12:00:00Z", "9998-12-30 … 9998-12-30"),
            ("last-month", "1970-02-15T00:00:00Z", "1970-01-01 … 1970-01-31"),
            ("month-to-date", "1970-01-01T00:00:00Z", "1970-01-01 … 1970-01-01"),
            ("last-14-days", "1970-01-15T00:00:00Z", "1970-01-01 … 1970-01-14"),
            ("last-month", "2024-03-10T00:00:00Z", "2024-02-01 … 2024-02-29"),
            ("last-month", "2024-01-31T00:00:00Z", "2023-12-01 … 2023-12-31"),
            ("yesterday", "1970-01-01T00:00:00Z", nil), ("last-7-days", "1970-01-05T00:00:00Z", nil),
            ("last-week", "9999-06-01T00:00:00Z", nil), ("last-month", "9999-12-31T23:59:59Z", nil),
            ("month-to-date", "9999-12-31T23:59:59Z", nil), ("last-month", "0001-01-01T00:00:00Z", nil),
        ]
        for (preset, asOf, expected) in cases {
            let selection = PeriodSelection(preset: preset, asOf: asOf, timezone: "UTC")
            if let expected {
                #expect(try selection.resolve(configuration: Configuration()).period.description == expected)
            } else {
                #expect(throws: PipelineError.self, "\(preset) as of \(asOf)") {
                    try selection.resolve(configuration: Configuration())
                }
            }
        }
    }

    /// Presets count from the as-of instant in the report zone; the zone falls back from the
    /// selection to `report_timezone` to `timezone`.
    @Test func presetsAndZonesResolveInOnePlace() throws {
        var configuration = Configuration()
        configuration.timezone = "America/New_York"
        // Monday 2024-04-22 01:00 in Kolkata is still Sunday in New York.
        let asOf = "2024-04-22T01:00:00+05:30"
        let ny = try PeriodSelection(preset: "last-week", asOf: asOf).resolve(configuration: configuration)
        #expect(ny.period.description == "2024-04-08 … 2024-04-14")
        #expect(ny.timeZone.identifier == "America/New_York")
        configuration.reportTimezone = "Asia/Kolkata"
        let india = try PeriodSelection(preset: "last-week", asOf: asOf).resolve(configuration: configuration)
        #expect(india.period.description == "2024-04-15 … 2024-04-21")
        let utc = try PeriodSelection(preset: "yesterday", asOf: asOf, timezone: "UTC").resolve(
            configuration: configuration)
        #expect(utc.period.description == "2024-04-20 … 2024-04-20")
    }

    /// Import is all or nothing for a new store; afterwards the store tells the files' story.
    @Test func importJobIsAllOrNothingAndTheStoreMatchesTheFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: Self.examples).appendingPathComponent("tickets-2024-04-15.json"),
            to: bad.appendingPathComponent("a.json"))
        try Data("{\"message\": [{\"ticketId\": 1,".utf8).write(to: bad.appendingPathComponent("b.json"))
        let store = dir.appendingPathComponent("s.sqlite").path
        do {
            _ = try ImportJob.run(inputs: [bad.path], storePath: store, accountTimeZone: Self.kolkata)
            Issue.record("a broken file was imported")
        } catch {
            #expect(error.kind == .badInput)
            #expect(error.message.contains("b.json"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["in"])

        let result = try ImportJob.run(inputs: [Self.examples], storePath: store, accountTimeZone: Self.kolkata)
        #expect(result.files == 14)
        #expect(result.storeTickets == (try SQLiteTicketStore(path: store, readOnly: true).ticketCount()))
        let options = try Self.demoOptions()
        var fromStore = try ReportJob.summarize(.store(store), options: options, accountTimeZone: Self.kolkata)
        let fromFiles = try ReportJob.summarize(
            .files([Self.examples]), options: options, accountTimeZone: Self.kolkata)
        #expect(fromStore.completeness.source == "store")
        // Apart from the fields that describe the source (docs/METRICS.md), the same summary.
        fromStore.completeness = fromFiles.completeness
        fromStore.totals.skipped = fromFiles.totals.skipped
        fromStore.totals.skippedByReason = fromFiles.totals.skippedByReason
        #expect(fromStore.ignoringInputDigest == fromFiles.ignoringInputDigest)
    }

    /// A store that cannot be read is the same kind of error whatever reads it.
    @Test func anUnreadableStoreIsBadInput() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID().uuidString).sqlite")
            .path
        let options = try Self.demoOptions()
        do {
            _ = try ReportJob.summarize(.store(path), options: options, accountTimeZone: Self.kolkata)
            Issue.record("a missing store was read")
        } catch {
            #expect(error.kind == .store && error.kind.presentation.exitCode == 65)
            #expect(error.message.hasPrefix("store \(path)"), "\(error.message)")
        }
    }

    /// One table maps a failure's kind to the command line's exit code and the server's status
    /// (docs/USAGE.md and docs/SERVE.md list the same pairs), and an unexpected error keeps
    /// its cause instead of flattening it into text.
    @Test func aFailuresKindGivesItsExitCodeAndStatusAndKeepsItsCause() throws {
        let table: [(PipelineError.Kind, Int32, Int)] = [
            (.usage, 64, 400), (.badInput, 65, 422), (.store, 65, 503), (.authentication, 3, 502),
            (.incompletePull, 75, 503), (.failure, 1, 500),
        ]
        for (kind, code, status) in table {
            #expect(kind.presentation.exitCode == code && kind.presentation.httpStatus == status, "\(kind)")
        }
        struct Broken: Error, Equatable { let detail = "a socket closed" }
        let error = PipelineError.unexpected(Broken())
        #expect(error.kind == .failure)
        #expect(error.cause as? Broken == Broken())
        #expect(PipelineError.store("s.sqlite", "the database is corrupt").kind == .store)
    }

    /// Recipients are checked and `eml` joins the formats only when the email is sent.
    @Test func mailingChecksAddressesAndAddsTheMessage() throws {
        var configuration = Configuration()
        configuration.email.to = ["leads@example.com"]
        let quiet = try ReportMailing(configuration: configuration, mailTo: [])
        #expect(quiet.envelope.to == ["leads@example.com"] && !quiet.sends)
        #expect(quiet.formats([.json]) == [.json])
        let sending = try ReportMailing(configuration: configuration, mailTo: ["ops@example.com"])
        #expect(sending.envelope.to == ["ops@example.com"] && sending.sends)
        #expect(sending.formats([.json]) == [.json, .eml])
        #expect(throws: PipelineError.self) {
            _ = try ReportMailing(configuration: configuration, mailTo: ["ops@example.com\r\nBcc: x@evil.com"])
        }
        #expect(try ReportFormat.parseList("json, TXT,csv") == [.json, .text, .csv])
        #expect(throws: PipelineError.self) { _ = try ReportFormat.parseList("pdf") }
    }

    /// Publishing writes every document or none: a folder that cannot be made is one sentence.
    @Test func publishingNamesTheFolderItCannotWrite() throws {
        let publisher = ReportPublisher(
            outputFolder: "/proc/slareport-cannot-be-here/out", sendmailCommand: "/bin/false")
        do {
            try publisher.write([("summary.json", Data("{}".utf8))])
            Issue.record("wrote into /proc")
        } catch {
            #expect(error.message == "cannot create the output folder /proc/slareport-cannot-be-here/out")
        }
    }
}
