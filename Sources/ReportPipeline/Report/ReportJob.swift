public import Foundation
public import ReportRendering
public import SLAAnalytics
import TicketIngest
import TicketModel
public import TicketStore

/// Where a report's tickets come from.
public enum ReportSource: Sendable, Hashable {
    /// Saved Kapture responses or JSON Lines: files, or folders of them, in reading order.
    case files([String])
    /// A store written by `pull` or `import`.
    case store(String)
}

/// Everything a report needs: its data, its period and zones, what to render and for whom.
public struct ReportRequest: Sendable {
    public var source: ReportSource
    public var options: ReportOptions
    /// The zone Kapture writes timestamps in (configuration `timezone`).
    public var accountTimeZone: TimeZone
    /// Threads decoding files or reading the store (default: the cores).
    public var threads: Int?
    public var formats: [ReportFormat]
    /// A folder of templates overriding the bundled ones by file name.
    public var templatesFolder: String?
    public var envelope: EmailEnvelope

    public init(
        source: ReportSource, options: ReportOptions, accountTimeZone: TimeZone, threads: Int? = nil,
        formats: [ReportFormat] = ReportFormat.allCases, templatesFolder: String? = nil,
        envelope: EmailEnvelope = EmailEnvelope(from: "SLAReport <slareport@localhost>", to: [])
    ) {
        self.source = source
        self.options = options
        self.accountTimeZone = accountTimeZone
        self.threads = threads
        self.formats = formats
        self.templatesFolder = templatesFolder
        self.envelope = envelope
    }
}

/// What a report job made: the summary every document is rendered from, and the documents.
public struct ReportResult: Sendable {
    public var summary: ReportSummary
    /// File name and bytes, in the order of `ReportRequest.formats`.
    public var documents: [(name: String, data: Data)]
}

/// The report job: request → summary → documents. The one entry point under every front end
/// (the command line's `report`, `demo` and `render`, and the server). Publishing the
/// documents (files, email) is the separate step `ReportPublisher`.
public enum ReportJob {
    /// Computes the summary and renders the requested documents (validated).
    public static func run(_ request: ReportRequest) throws(PipelineError) -> ReportResult {
        let summary = try summarize(
            request.source, options: request.options, accountTimeZone: request.accountTimeZone,
            threads: request.threads)
        let documents = try render(
            summary, formats: request.formats, templatesFolder: request.templatesFolder, envelope: request.envelope)
        return ReportResult(summary: summary, documents: documents)
    }

    /// The summary of `source` for `options`; `progress` hears how far the reading has come
    /// (files, or parts of the store's plan for the period).
    public static func summarize(
        _ source: ReportSource, options: ReportOptions, accountTimeZone: TimeZone, threads: Int? = nil,
        progress: ProgressHandler? = nil
    ) throws(PipelineError) -> ReportSummary {
        switch source {
        case .files(let paths):
            return try summarize(
                inputs: paths, options: options, accountTimeZone: accountTimeZone, threads: threads,
                progress: reading(progress, unit: "files"))
        case .store(let path):
            return try summarize(storePath: path, options: options, threads: threads, progress: progress)
        }
    }

    /// A read's progress as a job's, timed from now.
    static func reading(_ progress: ProgressHandler?, unit: String) -> ReadProgressHandler? {
        guard let progress else { return nil }
        let began = Date()
        return { read in
            progress(
                JobProgress(
                    done: read.done, total: read.total, unit: unit, tickets: read.tickets,
                    elapsed: Date().timeIntervalSince(began), fraction: read.fraction))
        }
    }

    /// Renders `formats` from `summary`, validating the documents; nothing is written.
    public static func render(
        _ summary: ReportSummary, formats: [ReportFormat], templatesFolder: String?, envelope: EmailEnvelope
    ) throws(PipelineError) -> [(name: String, data: Data)] {
        do {
            let templates = try templates(for: formats, overrides: templatesFolder)
            return try ReportRenderer(templates: templates).render(summary, formats: formats, envelope: envelope)
        } catch let e as InvalidDocumentError {
            throw .failure(e.description)
        } catch let e as TemplateError {
            throw .badInput("template \(e.description)")
        } catch {
            throw .unexpected(error)
        }
    }

    /// The templates for rendering `formats`: none when no format renders one and no override
    /// folder is given (a folder given is read and checked whatever the formats).
    static func templates(for formats: [ReportFormat], overrides: String?) throws -> TemplateSet {
        guard overrides != nil || ReportRenderer.usesTemplates(formats) else { return .none }
        return try TemplateSet(overrides: overrides)
    }

    /// Computes a summary from saved response files: decoded on `threads` threads (the fast
    /// byte scanner, or the tolerant decoder where a file needs it), fed from the last file to
    /// the first so that a later file's copy of a ticket wins.
    static func summarize(
        inputs: [String], options: ReportOptions, accountTimeZone: TimeZone, threads: Int?,
        progress: ReadProgressHandler? = nil
    ) throws(PipelineError) -> ReportSummary {
        do {
            let files = try TicketInputReader.expand(paths: inputs)
            guard !files.isEmpty else {
                throw PipelineError.badInput(
                    "no .json, .jsonl or .ndjson files found in \(inputs.joined(separator: ", "))")
            }
            let threadCount = threads ?? min(ProcessInfo.processInfo.activeProcessorCount, files.count)
            return try ParallelIngest.summarize(
                paths: files, options: options, accountTimeZone: accountTimeZone, threads: threadCount,
                progress: progress)
        } catch let e as PipelineError {
            throw e
        } catch let e as InputError {
            throw .badInput(e.description)
        } catch {
            throw .unexpected(error)
        }
    }

    /// Computes a summary from the store at `storePath` (opened read-only for the call).
    static func summarize(
        storePath: String, options: ReportOptions, threads: Int?, progress: ProgressHandler? = nil
    ) throws(PipelineError) -> ReportSummary {
        let store: any TicketStoring
        do {
            store = try TicketStores.open(storePath, readOnly: true, building: JobProgress.buildingBlocks(progress))
        } catch { throw .store(error) }
        return try summarize(store: store, options: options, threads: threads, progress: progress)
    }

    /// Computes a summary from an open store: the period's tickets are read in one streaming
    /// query on the decoded columns (no JSON is parsed), the ledger says which days are
    /// complete, and the rows read give `provenance` its digest. The other days the figures
    /// draw on (the trend's weeks, the anomaly check's weekdays, the previous period) are
    /// read from the same day blocks, ticket by ticket: a report never writes the store.
    public static func summarize(
        store: any TicketStoring, options: ReportOptions, threads: Int? = nil, progress: ProgressHandler? = nil
    ) throws(PipelineError) -> ReportSummary {
        try count(store: store, options: options, threads: threads, progress: progress).summary()
    }

    /// The due lists alone (`/v1/rows/due`): the period's open tickets against their targets,
    /// the same lists as the summary's `targets.dueNext` (`nil` without targets).
    public static func dueNext(store: any TicketStoring, options: ReportOptions) throws(PipelineError) -> DueNext? {
        var only = options
        only.dueNextOnly = true
        return try count(store: store, options: only, threads: nil, progress: nil).dueNext()
    }

    /// A builder that has counted what `options` asks of the store (`summarize`).
    static func count(
        store: any TicketStoring, options: ReportOptions, threads: Int?, progress: ProgressHandler?
    ) throws(PipelineError) -> ReportBuilder {
        do {
            let days = ReportPeriod(between: options.readFrom, and: options.period.to)
            let clock = ZoneClock(options.timeZone)
            let read = clock.instants(from: days.from, through: days.to)
            // ticket_id is the store's primary key: one copy per ticket, nothing to de-duplicate.
            var builder = ReportBuilder(options: options, keysAreUnique: true)
            let ledger = try store.ledger(from: days.from, to: days.to)
            builder.useLedger(
                completeDays: Set(ledger.filter { $0.state == .complete || $0.state == .imported }.map(\.day)))
            for entry in ledger { builder.recordSkipped(entry.skipped, coveredDay: entry.day) }
            let threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
            // Every day the report reads (the history's and the period's) ticket by ticket,
            // from the store's day blocks (the same facts as decoding each stored Ticket),
            // on several threads.
            let digest = try ParallelStoreIngest.feed(
                &builder, store: store, createdFrom: read.lowerBound, before: read.upperBound,
                lifecycle: options.lifecycle, threads: threads, progress: reading(progress, unit: "parts"))
            builder.setInputDigest(InputDigests.store(digest, days: days))
            // The few tickets listed by name without their texts: read whole.
            for (key, created) in builder.ticketsWithoutText {
                let second = Date(timeIntervalSince1970: Double(created))
                try store.forEachTicket(createdFrom: second, before: second.addingTimeInterval(1)) { t in
                    if TicketKey.make(t.ticketId) == key {
                        builder.setText(AttentionText(ticketId: t.ticketId, title: t.title, url: t.url))
                    }
                }
            }
            return builder
        } catch let e as TicketStoreError {
            throw .store(e)
        } catch {
            throw .unexpected(error)
        }
    }
}

/// Publishing a report job's documents: all written or none (each through a temporary file
/// renamed into place), then the email handed to sendmail when there are recipients.
public struct ReportPublisher: Sendable {
    public var outputFolder: String
    public var sendmailCommand: String

    public init(outputFolder: String, sendmailCommand: String) {
        self.outputFolder = outputFolder
        self.sendmailCommand = sendmailCommand
    }

    /// Writes every document into `outputFolder`, all or none.
    public func write(_ documents: [(name: String, data: Data)]) throws(PipelineError) {
        try OutputFiles.writeAll(documents, into: outputFolder)
    }

    /// Hands `report.eml` to sendmail when `condition` holds; returns whether it did.
    public func send(_ documents: [(name: String, data: Data)], if condition: Bool) async throws(PipelineError) -> Bool
    {
        guard condition, let eml = documents.first(where: { $0.name == "report.eml" }) else { return false }
        try await Sendmail(command: sendmailCommand).send(eml.data)
        return true
    }
}
