import ArgumentParser
import Foundation
import ReportRendering
import SLAAnalytics
import TicketIngest
import TicketModel

/// The options every report-producing command shares: period, as-of time, zone, config.
struct PeriodOptions: ParsableArguments {
    @Option(help: "First day of the period, YYYY-MM-DD, inclusive (report time zone).")
    var from: String?

    @Option(help: "Last day of the period, YYYY-MM-DD, inclusive.")
    var to: String?

    @Option(
        help: ArgumentHelp(
            "A named period relative to --as-of instead of --from/--to.",
            valueName: PeriodPreset.allCases.map(\.rawValue).joined(separator: "|")))
    var period: String?

    @Option(name: .customLong("as-of"), help: "The instant the report describes, RFC 3339 (default: now).")
    var asOf: String?

    @Option(
        help:
            "IANA time zone days are counted in (default: report_timezone or timezone from config, else Asia/Kolkata).")
    var timezone: String?

    @Option(help: "Configuration file (default: $SLAREPORT_CONFIG, else ./slareport.toml when present).")
    var config: String?

    /// Resolves the flags and configuration into report options.
    func resolve(configuration: Configuration, defaultAsOf: Date = Date()) throws -> ReportOptions {
        let zoneName = timezone ?? configuration.reportTimezone ?? configuration.timezone
        guard let zone = TimeZone(identifier: zoneName) else {
            throw ValidationError("--timezone: '\(zoneName)' is not an IANA time zone name such as Asia/Kolkata")
        }
        var asOfDate = defaultAsOf
        if let asOf {
            guard let d = parseRFC3339(asOf) else {
                throw ValidationError("--as-of: '\(asOf)' is not an RFC 3339 time such as 2024-04-22T09:00:00+05:30")
            }
            asOfDate = d
        }
        let period: ReportPeriod
        switch (from, to, self.period) {
        case (nil, nil, let name?):
            guard let preset = PeriodPreset(rawValue: name) else {
                throw ValidationError(
                    "--period: '\(name)' is not one of \(PeriodPreset.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            period = preset.period(today: ZoneClock(zone).localDate(of: asOfDate))
        case (let f?, let t?, nil):
            guard let fromDate = LocalDate(f) else { throw ValidationError("--from: '\(f)' is not a YYYY-MM-DD date") }
            guard let toDate = LocalDate(t) else { throw ValidationError("--to: '\(t)' is not a YYYY-MM-DD date") }
            guard let p = ReportPeriod(from: fromDate, to: toDate) else {
                throw ValidationError("--to (\(t)) is before --from (\(f))")
            }
            guard p.dayCount <= 3700 else { throw ValidationError("--from/--to span more than ten years") }
            period = p
        case (nil, nil, nil):
            throw ValidationError("give the period: --from and --to, or --period (e.g. --period last-week)")
        case (_, _, .some):
            throw ValidationError("--period cannot be combined with --from/--to")
        default:
            throw ValidationError("--from and --to go together")
        }
        return ReportOptions(period: period, timeZone: zone, asOf: asOfDate, lifecycle: configuration.lifecycle)
    }
}

/// Parses `--format`: a comma-separated list of json, html, xhtml, text, csv, eml, or all.
func parseFormats(_ list: String) throws -> [ReportFormat] {
    var result: [ReportFormat] = []
    for part in list.split(separator: ",") {
        let name = part.trimmingCharacters(in: .whitespaces).lowercased()
        if name == "all" { return ReportFormat.allCases }
        guard let f = ReportFormat(rawValue: name == "txt" ? "text" : name) else {
            throw ValidationError(
                "--format: '\(name)' is not one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")), all"
            )
        }
        if !result.contains(f) { result.append(f) }
    }
    guard !result.isEmpty else { throw ValidationError("--format: name at least one format") }
    return result
}

/// Computes a summary from saved response files: decoded on `threads` threads (the fast
/// byte scanner, or the tolerant decoder where a file needs it), fed from the last file to
/// the first so that a later file's copy of a ticket wins.
func summarize(inputs: [String], options: ReportOptions, accountTimeZone: TimeZone, threads: Int? = nil) throws
    -> ReportSummary
{
    let files = try TicketInputReader.expand(paths: inputs)
    guard !files.isEmpty else {
        throw CLIError.badInput("no .json, .jsonl or .ndjson files found in \(inputs.joined(separator: ", "))")
    }
    let threadCount = threads ?? min(ProcessInfo.processInfo.activeProcessorCount, files.count)
    return try ParallelIngest.summarize(
        paths: files, options: options, accountTimeZone: accountTimeZone, threads: threadCount)
}
