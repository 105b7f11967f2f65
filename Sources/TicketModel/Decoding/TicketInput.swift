import Foundation

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
}

/// Reads saved Kapture responses and JSON Lines of bare tickets.
public struct TicketInputReader: Sendable {
    public let decoder: TicketDecoder

    public init(decoder: TicketDecoder) {
        self.decoder = decoder
    }

    /// The input files named by `paths`: files as given, folders searched recursively for
    /// `.json`, `.jsonl` and `.ndjson` files (hidden ones skipped), each folder's files sorted by path.
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
            guard let walker = fm.enumerator(atPath: path) else {
                throw InputError(path: path, reason: "the folder cannot be read")
            }
            var found: [String] = []
            while let rel = walker.nextObject() as? String {
                let name = (rel as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                let lower = name.lowercased()
                if lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
                    found.append((path as NSString).appendingPathComponent(rel))
                }
            }
            result.append(contentsOf: found.sorted())
        }
        return result
    }

    /// Reads and decodes one file.
    public func read(path: String) throws(InputError) -> DecodedFile {
        guard let bytes = Self.readAll(path) else { throw InputError.unreadable(path: path) }
        return try decode(bytes: bytes, path: path)
    }

    /// The whole file, read with POSIX calls; `nil` when it cannot be read.
    public static func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { return bytes }
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
