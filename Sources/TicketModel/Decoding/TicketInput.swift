public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file of input that could not be read as Kapture responses or ticket JSON Lines.
/// Its description is one sentence naming the file and, where known, the position.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var position: TextPosition?
    public var reason: String

    public init(path: String, position: TextPosition? = nil, reason: String) {
        self.path = path
        self.position = position
        self.reason = reason
    }

    /// A file that cannot be read.
    public static func unreadable(path: String) -> InputError {
        InputError(path: path, reason: "the file cannot be read")
    }

    public var description: String {
        if let position { return "\(path): \(position): \(reason)" }
        return "\(path): \(reason)"
    }
}

/// What one input file held: tickets in file order, and what was skipped.
public struct DecodedFile: Sendable {
    public enum Kind: String, Sendable { case envelope, jsonLines }
    public var kind: Kind
    public var tickets: [Ticket]
    public var skipped: [SkipReason: Int]
    /// `totalCount` of the envelope, when it had one.
    public var declaredTotalCount: Int?
    /// Each ticket's object as compact JSON, parallel to `tickets`, when asked for.
    public var rawJSON: [String]? = nil

    /// The account-zone day this file (read from `path`) covered: `TicketInputReader.coveredDay`.
    public func coveredDay(path: String, accountTimeZone: TimeZone) -> LocalDate? {
        TicketInputReader.coveredDay(
            createdAt: tickets.lazy.map { Int64($0.createdAt.timeIntervalSince1970.rounded(.down)) },
            accountTimeZone: accountTimeZone, path: path)
    }
}

/// Reads saved Kapture responses and JSON Lines of bare tickets.
public struct TicketInputReader: Sendable {
    public let decoder: TicketDecoder

    public init(decoder: TicketDecoder) {
        self.decoder = decoder
    }

    /// The input files named by `paths`: files as given, folders searched recursively for
    /// `.json`, `.jsonl` and `.ndjson` files (hidden ones skipped), each folder's files sorted
    /// by path. Symbolic links are followed, to folders (`latest/` pointing at the newest
    /// export) and to files alike; a folder reached twice through links is searched once.
    public static func expand(paths: [String]) throws(InputError) -> [String] {
        var result: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw InputError(path: path, reason: "no such file or folder")
            }
            if !isDir.boolValue {
                result.append(path)
                continue
            }
            var found: [String] = []
            var visited: Set<String> = []
            try collect(folder: path, into: &found, visited: &visited)
            result.append(contentsOf: found.sorted())
        }
        return result
    }

    /// Adds the input files below `folder` (following links) to `found`.
    static func collect(folder: String, into found: inout [String], visited: inout Set<String>) throws(InputError) {
        let fm = FileManager.default
        // A link back up the tree would loop: each real folder is searched once.
        guard visited.insert(URL(fileURLWithPath: folder).resolvingSymlinksInPath().path).inserted else { return }
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else {
            throw InputError(path: folder, reason: "the folder cannot be read")
        }
        for name in names where !name.hasPrefix(".") {
            let child = (folder as NSString).appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: child, isDirectory: &isDir) else { continue }  // a broken link
            if isDir.boolValue {
                try collect(folder: child, into: &found, visited: &visited)
                continue
            }
            let lower = name.lowercased()
            if lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
                found.append(child)
            }
        }
    }

    /// The account-zone day an input file covered, to which its unusable tickets belong (they
    /// have no usable creation day of their own): the day most of its tickets were created on
    /// (the earliest of a tie: a pull's response holds one day), else a `YYYY-MM-DD` in its
    /// name (`tickets-2024-04-15.json`), else `nil`. The one rule for `report --input`,
    /// `import` and the ledger alike (docs/METRICS.md, "Files and the store").
    public static func coveredDay<Instants: Sequence<Int64>>(
        createdAt instants: Instants, accountTimeZone: TimeZone, path: String
    ) -> LocalDate? {
        let clock = ZoneClock(accountTimeZone)
        var days: [LocalDate: Int] = [:]
        for instant in instants { days[clock.localDate(atInstant: instant), default: 0] += 1 }
        return coveredDay(ticketsByDay: days, path: path)
    }

    /// `coveredDay` from the file's tickets already counted by account-zone day.
    public static func coveredDay(ticketsByDay: [LocalDate: Int], path: String) -> LocalDate? {
        if let (day, _) = ticketsByDay.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) { return day }
        let name = Array((path as NSString).lastPathComponent.utf8)
        guard name.count >= 10 else { return nil }
        for start in 0...(name.count - 10) {
            if let day = LocalDate(String(decoding: name[start..<(start + 10)], as: UTF8.self)) { return day }
        }
        return nil
    }

    /// Reads and decodes one file.
    public func read(path: String) throws(InputError) -> DecodedFile {
        guard let bytes = Self.readJSONInput(path) else { throw InputError.unreadable(path: path) }
        return try decode(bytes: bytes, path: path)
    }

    /// The whole file, read with POSIX calls; `nil` when it cannot be read.
    public static func readAll(_ path: String) -> [UInt8]? { read(path) { _ in nil } }

    /// The bytes of a JSON input file for the tolerant decoder: the whole file, or, when its
    /// values nest deeper than the parser accepts (`JSONParser.maximumDepth`), only the bytes
    /// up to the first bracket past that depth. Parsing that prefix fails with the very error
    /// (and position) parsing the whole file would, so a hostile file (200 MB of `[`) is
    /// refused after its first kilobyte instead of being read whole. The nesting is counted
    /// as the parser counts it: brackets outside strings, escapes inside them.
    public static func readJSONInput(_ path: String) -> [UInt8]? {
        var depth = 0
        var inString = false
        var escaped = false
        return read(path) { chunk in
            for (i, c) in chunk.enumerated() {
                if inString {
                    if escaped {
                        escaped = false
                    } else if c == UInt8(ascii: "\\") {
                        escaped = true
                    } else if c == UInt8(ascii: "\"") {
                        inString = false
                    }
                    continue
                }
                switch c {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > JSONParser.maximumDepth { return i + 1 }
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
                default: break
                }
            }
            return nil
        }
    }

    /// Reads `path` in 64 KiB chunks with POSIX calls until its end, or until `stop` returns
    /// how many bytes of a chunk to keep and stop after; `nil` when it cannot be read.
    static func read(_ path: String, stop: (ArraySlice<UInt8>) -> Int?) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { return bytes }
            if let keep = stop(chunk[0..<n]) {
                bytes.append(contentsOf: chunk[0..<keep])
                return bytes
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// Decodes the bytes of one file: one response envelope, or a sequence of ticket objects.
    public func decode(bytes: [UInt8], path: String, keepRawJSON: Bool = false) throws(InputError) -> DecodedFile {
        var parser = JSONParser(bytes: bytes)
        let parsedFirst: JSONValue?
        do {
            parsedFirst = try parser.nextValue()
        } catch {
            throw InputError(path: path, position: error.position, reason: "not valid JSON: \(error.message)")
        }
        guard let first = parsedFirst else {
            throw InputError(path: path, reason: "the file is empty; expected a Kapture response or JSON Lines")
        }
        var file = DecodedFile(
            kind: .envelope, tickets: [], skipped: [:], declaredTotalCount: nil, rawJSON: keepRawJSON ? [] : nil)
        if KaptureEnvelope.looksLikeEnvelope(first), let envelope = KaptureEnvelope(first) {
            if !parser.atEnd() {
                throw InputError(
                    path: path, position: parser.currentPosition,
                    reason: "unexpected text after the response envelope")
            }
            guard envelope.isSuccess else {
                let status = envelope.status ?? "missing"
                let text = envelope.messageText.map { ": \(String($0.prefix(200)))" } ?? ""
                throw InputError(path: path, reason: "the saved response has status \"\(status)\"\(text)")
            }
            file.declaredTotalCount = envelope.totalCount
            file.tickets.reserveCapacity(envelope.ticketValues.count)
            for value in envelope.ticketValues { add(value, to: &file) }
            return file
        }
        guard case .object = first else {
            throw InputError(
                path: path, position: TextPosition(line: 1, column: 1, offset: 0),
                reason:
                    "not a Kapture response envelope ({\"status\", \"message\", …}) nor JSON Lines of ticket objects")
        }
        file.kind = .jsonLines
        add(first, to: &file)
        while true {
            let offset = parser.offsetOfNextValue()
            let next: JSONValue?
            do {
                next = try parser.nextValue()
            } catch {
                throw InputError(path: path, position: error.position, reason: "not valid JSON: \(error.message)")
            }
            guard let value = next else { break }
            guard case .object = value else {
                throw InputError(
                    path: path, position: parser.position(of: offset),
                    reason: "a JSON Lines entry is not a ticket object")
            }
            add(value, to: &file)
        }
        return file
    }

    private func add(_ value: JSONValue, to file: inout DecodedFile) {
        switch decoder.decode(value) {
        case .success(let ticket):
            file.tickets.append(ticket)
            file.rawJSON?.append(value.jsonText)
        case .failure(let reason): file.skipped[reason, default: 0] += 1
        }
    }
}
