import ArgumentParser
import ReportPipeline
import SLAAnalytics
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

    @Option(
        name: .customLong("trend-weeks"),
        help: "Weeks in the trend, the last ending on the period's last day (1…104, default 8).")
    var trendWeeks: String?

    @Option(help: "Configuration file (default: $SLAREPORT_CONFIG, else ./slareport.toml when present).")
    var config: String?

    /// The period as asked for, to be resolved by the pipeline.
    var selection: PeriodSelection {
        PeriodSelection(from: from, to: to, preset: period, asOf: asOf, timezone: timezone, trendWeeks: trendWeeks)
    }
}

/// `--threads` of `report` and `import`: 1…256 when given.
func checkThreads(_ threads: Int?) throws(PipelineError) {
    if let threads, !(1...256).contains(threads) { throw PipelineError.usage("--threads must be 1…256") }
}

/// The tickets a report covers: a `[[slice]]` of the configuration, or a filter given here.
struct SliceOptions: ParsableArguments {
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Only the tickets whose FIELD is one of the values (repeatable: AND across fields, OR within one; a value in double quotes may hold commas).",
            valueName: "FIELD=VALUE[,VALUE…]"))
    var clauses: [String] = []

    @Option(help: "Only the tickets of this [[slice]] of the configuration.")
    var slice: String?

    /// The slice asked for, `nil` for every ticket.
    func resolve(configuration: Configuration) throws(PipelineError) -> TicketSlice? {
        try SliceSelection(name: slice, clauses: clauses).resolve(configuration: configuration)
    }
}
