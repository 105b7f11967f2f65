import Crypto
public import Foundation
public import SLAAnalytics
public import TicketModel
import TicketStore

/// Computes a `ReportSummary` from saved response files on several threads.
///
/// Worker threads decode whole files (the fast `ResponseFileScanner`, or the tolerant
/// `TicketInputReader` when a file needs it) into `TicketFacts`; the calling thread feeds
/// them to one `ReportBuilder` strictly from the last file to the first, so that a later
/// file's copy of a ticket wins exactly as in a single-threaded run, and the figures do not
/// depend on the number of threads. At most a few files' facts are in flight at once.
public enum ParallelIngest {
    /// The result of one file.
    struct FileResult: Sendable {
        var facts: [TicketFacts]
        var texts: IndexedTexts
        var skipped: [SkipReason: Int]
        /// The account-zone day the file covered, when it has unusable tickets.
        var coveredDay: LocalDate?
        var labels: [String]
        var worker: Int
        var usedFastPath: Bool
        /// SHA-256 of the file's bytes.
        var sha256: [UInt8]
    }

    /// Counts of how files were decoded, for `--verbose` and benchmarks.
    public struct Statistics: Sendable {
        public var files = 0
        public var fastPathFiles = 0

        public init() {}
    }

    /// Summarises `paths` (already expanded) for `options`, with `threads` decoding threads
    /// (1: everything on the calling thread). Throws the first file's `InputError` in file order.
    /// `progress` is called on the calling thread after each file is added.
    public static func summarize(
        paths: [String], options: ReportOptions, accountTimeZone: TimeZone, threads: Int, chunkSize: Int = 1 << 20,
        statistics: UnsafeMutablePointer<Statistics>? = nil, progress: ReadProgressHandler? = nil
    ) throws(InputError) -> ReportSummary {
        let sizes = paths.map { path in (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        // About 1 KB a ticket in Kapture responses: size the de-duplication set once.
        let bytes = sizes.reduce(0, +)
        // Files in the order they are fed: last first.
        let orderSizes = Array(sizes.reversed())
        var builder = ReportBuilder(options: options, expectedTickets: bytes / 1000)
        let order = Array(paths.reversed())
        var remaps: [[Int32]] = Array(repeating: [], count: max(1, threads))
        var stats = Statistics()
        defer { statistics?.pointee = stats }

        var digests: [[UInt8]] = []
        var read = ReadProgress(total: paths.count)
        var bytesRead = 0
        func feed(_ r: FileResult, _ k: Int) {
            bytesRead += orderSizes[k]
            read.add(tickets: r.facts.count, fraction: Double(bytesRead) / Double(max(1, bytes)))
            defer { progress?(read) }
            digests.append(r.sha256)
            stats.files += 1
            if r.usedFastPath { stats.fastPathFiles += 1 }
            builder.ingest(
                facts: r.facts, texts: r.texts, skipped: r.skipped, coveredDay: r.coveredDay, labels: r.labels,
                remap: &remaps[r.worker])
        }

        let zone = accountTimeZone
        let lifecycle = options.lifecycle
        try OrderedParallelMap.run(
            count: order.count, threads: threads,
            makeState: {
                Worker(
                    index: $0, accountTimeZone: zone, lifecycle: lifecycle, openText: !options.targets.isEmpty,
                    chunkSize: chunkSize)
            },
            finish: { $0.finish() },
            work: { worker, k in worker.decode(path: order[k]) },
            consume: { (k, result: Result<FileResult, InputError>) throws(InputError) in feed(try result.get(), k) })
        builder.setInputDigest(InputDigests.files(digests.reversed()))
        return builder.summary()
    }

    /// One decoding thread's state: its fast decoder, buffer and labels.
    struct Worker {
        let index: Int
        var decoder: FactsDecoder
        var scanner: ResponseFileScanner
        let reader: TicketInputReader
        let accountTimeZone: TimeZone

        /// `openText`: keep every open ticket's texts (`TicketFacts.keepsText`).
        init(index: Int, accountTimeZone: TimeZone, lifecycle: LifecyclePolicy, openText: Bool, chunkSize: Int) {
            self.index = index
            self.accountTimeZone = accountTimeZone
            decoder = FactsDecoder(accountTimeZone: accountTimeZone, lifecycle: lifecycle)
            decoder.openText = openText
            scanner = ResponseFileScanner(chunkSize: chunkSize)
            reader = TicketInputReader(decoder: TicketDecoder(accountTimeZone: accountTimeZone))
        }

        mutating func decode(path: String) -> Result<FileResult, InputError> {
            if let fast = scanner.scan(path: path, decoder: &decoder) {
                let covered =
                    fast.skipped.isEmpty
                    ? nil
                    : TicketInputReader.coveredDay(
                        createdAt: fast.facts.lazy.map { Int64($0.created.rounded(.down)) },
                        accountTimeZone: accountTimeZone, path: path)
                return .success(
                    FileResult(
                        facts: fast.facts, texts: fast.texts, skipped: fast.skipped, coveredDay: covered,
                        labels: decoder.labels.labels,
                        worker: index, usedFastPath: true, sha256: fast.sha256))
            }
            do throws(InputError) {
                // The tolerant path reads the whole file: its bytes are hashed here.
                guard let bytes = TicketInputReader.readJSONInput(path) else { throw InputError.unreadable(path: path) }
                let file = try reader.decode(bytes: bytes, path: path)
                let sha256 = Array(SHA256.hash(data: bytes))
                var facts: [TicketFacts] = []
                var texts: IndexedTexts = []
                facts.reserveCapacity(file.tickets.count)
                for t in file.tickets {
                    let (f, text) = decoder.facts(of: t)
                    if let text { texts.append((facts.count, text)) }
                    facts.append(f)
                }
                let covered =
                    file.skipped.isEmpty ? nil : file.coveredDay(path: path, accountTimeZone: accountTimeZone)
                return .success(
                    FileResult(
                        facts: facts, texts: texts, skipped: file.skipped, coveredDay: covered,
                        labels: decoder.labels.labels,
                        worker: index, usedFastPath: false, sha256: sha256))
            } catch {
                return .failure(error)
            }
        }

        func finish() { scanner.deallocate() }
    }
}

extension ReportBuilder {
    /// Takes one file's facts (ids in `labels`, a decoding thread's table), from the last
    /// ticket of the file to the first, like `ingest(_ file:)`.
    public mutating func ingest(
        facts: [TicketFacts], texts: IndexedTexts, skipped: [SkipReason: Int],
        coveredDay: LocalDate?, labels: [String], remap: inout [Int32]
    ) {
        countInputFile()
        recordSkipped(skipped, coveredDay: coveredDay)
        var t = texts.count - 1
        for i in facts.indices.reversed() {
            var text: AttentionText?
            if t >= 0 && texts[t].index == i {
                text = texts[t].text
                t -= 1
            }
            add(facts[i], text: text, foreignLabels: labels, remap: &remap)
        }
    }
}
