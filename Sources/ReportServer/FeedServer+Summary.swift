import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ReportPipeline
import ReportRendering
import SLAAnalytics
import TicketModel
import TicketStore

extension FeedServer {
    /// The summary a request asks for, from the cache or computed once, and how long a client
    /// may keep it: `[serve] cache_seconds` for "now", an hour for a given `asOf`.
    func summary(_ request: Request, extra: Set<String> = []) async throws -> (entry: SummaryCache.Entry, maxAge: Int) {
        let (options, selection, key) = try resolvedQuery(request, extra: extra)
        let store = self.store
        let generation = try await storeGeneration()
        let metrics = self.metrics
        let result = try await cache.entry(
            for: key, generation: generation, now: now(), maxAge: Double(configuration.serve.cacheSeconds)
        ) {
            try await Blocking.run {
                let started = DispatchTime.now().uptimeNanoseconds
                let summary = try ReportJob.summarize(store: store, options: options)
                metrics.summaryComputed(seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
                return summary
            }
        }
        metrics.cache(hit: result.hit)
        return (result.entry, maxAge(selection))
    }

    /// The store's generation (what a cached answer is keyed on); a 503 when it cannot be read.
    func storeGeneration() async throws -> Int64 {
        do { return try await generation.current() } catch {
            throw Problem(.serviceUnavailable, "the store cannot be read: \(Self.reason(error))")
        }
    }

    /// How long a client may keep an answer: `[serve] cache_seconds` for "now", an hour for a
    /// given `asOf`.
    func maxAge(_ selection: PeriodSelection) -> Int { selection.asOf == nil ? configuration.serve.cacheSeconds : 3600 }

    static func cacheKey(_ options: ReportOptions, _ selection: PeriodSelection) -> SummaryCache.Key {
        SummaryCache.Key(
            from: options.period.from, to: options.period.to, zone: options.timeZone.identifier, asOf: selection.asOf,
            trendWeeks: options.trendWeeks, slice: options.slice)
    }

    /// `/v1/rows/due`: the due lists of the summary when it is cached; otherwise worked out
    /// from the period's open tickets alone (the same lists: `ReportJob.dueNext`), and kept as
    /// the summary is.
    func dueRows(_ request: Request) async throws -> (rows: RowTable, maxAge: Int) {
        let (options, selection, key) = try resolvedQuery(request, extra: ["format"])
        let store = self.store
        let generation = try await storeGeneration()
        let result = try await cache.dueNext(
            for: key, generation: generation, now: now(),
            maxAge: Double(configuration.serve.cacheSeconds)
        ) {
            try await Blocking.run { try ReportJob.dueNext(store: store, options: options) }
        }
        metrics.cache(hit: result.hit)
        return (RowTables.due(result.lists), maxAge(selection))
    }

    /// The period and slice a request asks for (the period and slice parameters, and
    /// `extra`: the route's own), checked: an unknown parameter, a bad value or a period over
    /// `[serve] max_days` is a 400 naming it.
    /// `reportOptions` and the summary cache's key, from `resolvedQueries` when the same query
    /// text (for the same route parameters) was resolved before and still resolves the same.
    func resolvedQuery(_ request: Request, extra: Set<String>) throws -> (
        ReportOptions, PeriodSelection, SummaryCache.Key
    ) {
        let text = (extra.isEmpty ? "" : extra.sorted().joined(separator: "&")) + "?" + (request.uri.query ?? "")
        let now = now()
        if let r = resolvedQueries.resolved(text, now: now) { return (r.options, r.selection, r.key) }
        let (options, selection) = try reportOptions(request, extra: extra, now: now)
        let key = Self.cacheKey(options, selection)
        resolvedQueries.keep(text, options: options, selection: selection, key: key, now: now)
        return (options, selection, key)
    }

    func reportOptions(_ request: Request, extra: Set<String> = [], now: Date? = nil) throws -> (
        ReportOptions, PeriodSelection
    ) {
        let q = request.uri.queryParameters
        let accepted = Self.periodParameters.union(Self.sliceParameters).union(extra)
        for (name, _) in q where !accepted.contains(String(name)) {
            throw Problem(
                .badRequest,
                "unknown query parameter '\(PeriodSelection.shown(String(name)))'; this route takes \(accepted.subtracting(["token"]).sorted().joined(separator: ", "))"
            )
        }
        func value(_ name: String) -> String? { q.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        var selection = PeriodSelection(
            from: value("from"), to: value("to"), preset: value("period"), asOf: value("asOf"),
            timezone: value("timezone"), trendWeeks: value("trendWeeks"))
        if selection.from == nil && selection.to == nil && selection.preset == nil { selection.preset = "last-week" }
        let options: ReportOptions
        do throws(PipelineError) {
            options = try selection.resolve(settings: reportSettings, now: now ?? self.now(), names: Self.names)
                .sliced(try sliceSelection(request).resolve(configuration: configuration, nameParameter: "slice"))
        } catch {
            throw Problem(.badRequest, error.message)
        }
        let maxDays = configuration.serve.maxDays
        guard options.period.dayCount <= maxDays else {
            throw Problem(
                .badRequest,
                "from/to span \(options.period.dayCount) days; this server answers at most \(maxDays) ([serve] max_days)"
            )
        }
        return (options, selection)
    }

    /// `/v1/tickets`: a page of the tickets behind a figure (`TicketList`), as JSON rows with
    /// the next page's cursor, or CSV; the next page's URL in a `Link` header too.
    func tickets(_ request: Request) async throws -> Response {
        let (options, selection) = try reportOptions(
            request, extra: Set(TicketListQuery.parameters).union(["format"]))
        let q = request.uri.queryParameters
        let format = q.get("format") ?? "json"
        guard format == "json" || format == "csv" else {
            throw Problem(.badRequest, "format: '\(PeriodSelection.shown(format))' is not json or csv")
        }
        var values: [String: String] = [:]
        for name in TicketListQuery.parameters { if let v = q.get(name) { values[name] = v } }
        let query: TicketListQuery
        do throws(PipelineError) {
            query = try TicketListQuery(values, period: options.period)
        } catch {
            throw Problem(.badRequest, error.message)
        }
        let store = self.store
        let page: TicketPage
        do {
            page = try await Blocking.run {
                try TicketList.page(store: store, options: options, query: query, asOfGiven: selection.asOf)
            }
        } catch let e as PipelineError where e.kind == .usage {
            throw Problem(.badRequest, e.message)
        } catch {
            throw Problem(.serviceUnavailable, "the store cannot be read: \(Self.reason(error))")
        }
        let body = format == "csv" ? Data(page.table.csv().utf8) : page.json
        var response = try cached(
            body, etag: "\"t-" + Hex.lowercase(SHA256.hash(data: body)).prefix(32) + "\"",
            contentType: format == "csv" ? "text/csv; charset=utf-8; header=present" : "application/json",
            request: request, maxAge: maxAge(selection))
        if let next = page.next {
            let others = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("cursor=") }
            let link = "/v1/tickets?" + (others + ["cursor=" + next]).joined(separator: "&")
            if let name = HTTPField.Name("Link") { response.headers[name] = "<\(link)>; rel=\"next\"" }
        }
        return response
    }

    /// The slice a query asks for: `slice=NAME`, or the filter fields (each value one
    /// parameter; a field given again adds a value).
    func sliceSelection(_ request: Request) -> SliceSelection {
        var selection = SliceSelection()
        for (name, value) in request.uri.queryParameters {
            if name == "slice" {
                selection.name = String(value)
            } else if let field = TicketSlice.Field(rawValue: String(name)) {
                selection.values.append((field, String(value)))
            }
        }
        return selection
    }
}
