import ExampleData
public import Foundation
public import SLAAnalytics
import SampleData
public import TicketModel

/// The data `slareport demo` reports on: the two weeks of Kapture responses bundled in
/// Examples/responses, and the seven weeks before them (for the trend and the anomaly
/// check) from the same generator, written to a temporary folder for the call; the same as
///
///     slareport sample-data --from 2024-02-19 --days 49 --per-day 300 --seed 1 \
///         --ages-as-of 2024-04-21 --out HISTORY
///     slareport report --input HISTORY --input Examples/responses \
///         --from 2024-04-15 --to 2024-04-21 --as-of 2024-04-22T09:00:00+05:30
public enum DemoData {
    public static let period = ReportPeriod(from: LocalDate("2024-04-15")!, to: LocalDate("2024-04-21")!)!
    public static let asOf = "2024-04-22T09:00:00+05:30"
    public static let zone = TimeZone(identifier: "Asia/Kolkata")!
    /// The generated weeks: 2024-02-19 … 2024-04-07, aged to the period's last day.
    public static let historyFrom = LocalDate("2024-02-19")!
    public static let historyDays = 49
    static let generator = SampleGenerator(seed: 1, perDay: 300)

    /// The demo's report options: those `report` resolves for the period without a
    /// configuration file (the default zone is the demo's).
    public static func options() throws(PipelineError) -> ReportOptions {
        try PeriodSelection(from: period.from.description, to: period.to.description, asOf: asOf)
            .resolve(configuration: Configuration())
    }

    /// Calls `body` with the demo's inputs in reading order (the generated weeks, then the
    /// bundled ones), the generated folder removed afterwards.
    public static func withInputs<T>(_ body: ([String]) throws(PipelineError) -> T) throws(PipelineError) -> T {
        guard let responses = ExampleData.responsesURL else {
            throw PipelineError.failure("the bundled example data is missing from this build")
        }
        let history = FileManager.default.temporaryDirectory
            .appendingPathComponent("slareport-demo-\(getpid())-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: history) }
        _ = try SampleDataJob.write(
            generator, from: historyFrom, days: historyDays, jsonLines: false, into: history, asOfDay: period.to)
        return try body([history, responses.path])
    }
}
