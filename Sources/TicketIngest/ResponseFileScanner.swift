import Crypto
import Foundation
public import SLAAnalytics
public import TicketModel

/// Decodes one element of a `message` array (and says where it ends).
public protocol ElementDecoder {
    associatedtype Element
    mutating func decodeElement(_ s: ByteScanner, at i: Int) throws(ByteScanner.Failure) -> (Element, Int)
    /// Forgets the element `decodeElement` just returned: it ran into the end of the chunk
    /// and will be decoded again from a refilled buffer.
    mutating func discardLastElement()
}

extension ElementDecoder {
    public mutating func discardLastElement() {}
}

extension FactsDecoder: ElementDecoder {
    public mutating func decodeElement(_ s: ByteScanner, at i: Int) throws(ByteScanner.Failure) -> (Outcome, Int) {
        try decode(s, at: i)
    }
}

extension TicketRowDecoder: ElementDecoder {
    mutating func decodeElement(_ s: ByteScanner, at i: Int) throws(ByteScanner.Failure) -> (Outcome, Int) {
        try decode(s, at: i)
    }

    mutating func discardLastElement() { discardPending() }
}

/// What the fast path made of one input file.
public struct ScannedFile: Sendable {
    /// The facts of the file's usable tickets, in file order; ids refer to the decoder's labels.
    public var facts: [TicketFacts] = []
    public var texts: IndexedTexts = []
    public var skipped: [SkipReason: Int] = [:]
    /// SHA-256 of the file's bytes, hashed as they were read.
    public var sha256: [UInt8] = []
}

/// Reads one input file in chunks into a reused buffer and decodes its tickets with
/// `FactsDecoder`, streaming: a response envelope's `message` array is walked element by
/// element, JSON Lines entry by entry, and no more than one chunk (grown only when a
/// single ticket is larger) is held.
///
/// Anything unusual — a syntax error, a `status` other than success, a `message` that is
/// not an array, an object that might be a ticket rather than an envelope, duplicate
/// envelope keys — returns `nil`, and the caller decodes the file with the tolerant
/// `TicketInputReader` instead, which gives the same figures or the precise error.
public struct ResponseFileScanner {
    public var chunkSize: Int
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int

    public init(chunkSize: Int = 1 << 20) {
        self.chunkSize = max(16, chunkSize)
        capacity = self.chunkSize
        buffer = .allocate(capacity: capacity + 8)
        buffer.initialize(repeating: 0, count: capacity + 8)
    }

    /// Frees the buffer. Call once when done.
    public func deallocate() { buffer.deallocate() }

    /// The open file, the end of the data in the buffer, and whether the file is exhausted.
    var fd: Int32 = -1
    var end = 0
    var eof = false
    /// While `scan` runs: the hash of every byte read so far.
    var digest: SHA256?

    var scanner: ByteScanner { ByteScanner(base: UnsafePointer(buffer), count: end) }

    /// Skips white space, refilling as needed; false at end of file.
    mutating func ws(_ i: inout Int) -> Bool {
        while true {
            i = scanner.skipWhitespace(i)
            if i < end { return true }
            guard let shift = refill(keep: i) else { return false }
            i -= shift
        }
    }

    /// Moves `[keep, end)` to the front and reads more; grows the buffer when it is full.
    /// Returns the shift applied to indices, or `nil` at end of file with nothing read.
    mutating func refill(keep: Int) -> Int? {
        guard !eof else { return nil }
        let kept = end - keep
        if keep > 0 && kept > 0 { memmove(buffer, buffer + keep, kept) }
        end = kept
        if end + chunkSize / 4 > capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 8)
            bigger.initialize(repeating: 0, count: capacity * 2 + 8)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        while end < capacity {
            let n = read(fd, buffer + end, capacity - end)
            if n <= 0 {
                eof = true
                break
            }
            digest?.update(bufferPointer: UnsafeRawBufferPointer(start: buffer + end, count: n))
            end += n
        }
        return keep
    }

    /// Decodes the file at `path` into facts; `nil` when it needs the tolerant path.
    public mutating func scan(path: String, decoder: inout FactsDecoder) -> ScannedFile? {
        var out = ScannedFile()
        digest = SHA256()
        defer { digest = nil }
        // Kapture tickets take about a kilobyte: reserve once instead of doubling.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int {
            out.facts.reserveCapacity(size / 900 + 16)
        }
        let ok = scanElements(path: path, decoder: &decoder) { e in
            switch e {
            case .ticket(let f, let text):
                if let text { out.texts.append((out.facts.count, text)) }
                out.facts.append(f)
            case .skipped(let reason): out.skipped[reason, default: 0] += 1
            }
        }
        // A file the scan accepts has been read to its end (the envelope must be the whole
        // file), so the digest is of all its bytes; anything else goes to the tolerant path,
        // which hashes the bytes it reads.
        guard ok, eof, let digest else { return nil }
        out.sha256 = Array(digest.finalize())
        return out
    }

    /// Decodes every element of the file's `message` array with `decoder` and hands each to
    /// `take`, in file order; false when the file needs the tolerant path (the caller then
    /// discards what it was handed). With a `limit`, stops after that many elements (and
    /// returns true without looking at the rest of the file).
    public mutating func scanElements<D: ElementDecoder>(
        path: String, decoder: inout D, limit: Int = .max, take: (D.Element) -> Void
    ) -> Bool {
        var taken = 0
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer {
            close(fd)
            fd = -1
        }
        end = 0
        eof = false
        _ = refill(keep: 0)
        var i = 0
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { i = 3 }

        guard ws(&i), buffer[i] == 0x7B else { return false }
        // Envelope or JSON Lines? Look at the first object's top-level keys.
        var envelopeKeys: Set<String> = []
        var sawTicketKey = false
        var statusText: String?
        var sawStatus = false
        var messageKind: ByteScanner.Kind?

        i += 1
        guard ws(&i) else { return false }
        if buffer[i] == 0x7D { return false }  // {} : let the tolerant path decide
        while true {
            // One member: "key" : value-or-array-start
            var unitStart = i
            var keyText = ""
            var valueStart = 0
            while true {
                do throws(ByteScanner.Failure) {
                    guard buffer[unitStart] == 0x22 else { return false }
                    var escaped = false
                    let keyEnd = try scanner.scanString(from: unitStart + 1, escaped: &escaped)
                    if escaped { return false }
                    keyText = String(
                        decoding: UnsafeBufferPointer(start: buffer + unitStart + 1, count: keyEnd - unitStart - 1),
                        as: UTF8.self
                    ).lowercased()
                    var j = scanner.skipWhitespace(keyEnd + 1)
                    guard j < end else { throw ByteScanner.Failure() }
                    guard buffer[j] == 0x3A else { return false }
                    j = scanner.skipWhitespace(j + 1)
                    guard j < end else { throw ByteScanner.Failure() }
                    valueStart = j
                    break
                } catch {
                    guard let shift = refill(keep: unitStart) else { return false }
                    unitStart -= shift
                }
            }
            if keyText == "ticketid" || keyText == "taskid" { sawTicketKey = true }
            if sawTicketKey { break }
            if ["status", "message", "totalcount", "total_count"].contains(keyText) {
                guard envelopeKeys.insert(keyText == "total_count" ? "totalcount" : keyText).inserted else {
                    return false
                }
            } else {
                envelopeKeys.insert(keyText)
            }
            i = valueStart
            if keyText == "message" && buffer[i] == 0x5B {
                messageKind = .array
                // Stream the array's elements.
                i += 1
                guard ws(&i) else { return false }
                if buffer[i] == 0x5D {
                    i += 1
                } else {
                    while true {
                        var elementStart = i
                        while true {
                            do throws(ByteScanner.Failure) {
                                let (outcome, after) = try decoder.decodeElement(scanner, at: elementStart)
                                let sep = scanner.skipWhitespace(after)
                                guard sep < end else { throw ByteScanner.Failure() }
                                guard buffer[sep] == 0x2C || buffer[sep] == 0x5D else { return false }
                                take(outcome)
                                taken += 1
                                // Enough for the caller (which then reads no further).
                                if taken >= limit { return true }
                                i = sep + 1
                                if buffer[sep] == 0x5D { elementStart = -1 }
                                break
                            } catch {
                                decoder.discardLastElement()
                                guard let shift = refill(keep: elementStart) else { return false }
                                elementStart -= shift
                            }
                        }
                        if elementStart == -1 { break }
                        guard ws(&i) else { return false }
                    }
                }
            } else {
                // Any other member value: scanned whole (small), kept when it matters.
                var start = i
                while true {
                    do throws(ByteScanner.Failure) {
                        let (value, after) = try scanner.scanValue(start, depth: 1)
                        if keyText == "status" {
                            sawStatus = true
                            statusText =
                                value.kind == .null || value.kind == .object || value.kind == .array
                                ? nil
                                : TicketDecoder.text(
                                    (try? JSONParser.parse(
                                        Array(
                                            UnsafeBufferPointer(
                                                start: buffer + (value.kind == .string ? value.start - 1 : value.start),
                                                count: (value.kind == .string ? value.end + 1 : value.end)
                                                    - (value.kind == .string ? value.start - 1 : value.start)))))
                                        ?? .null)
                        } else if keyText == "message" {
                            // A single ticket object or a text message: the tolerant path handles it.
                            return false
                        }
                        i = after
                        break
                    } catch {
                        guard let shift = refill(keep: start) else { return false }
                        start -= shift
                    }
                }
            }
            guard ws(&i) else { return false }
            if buffer[i] == 0x2C {
                i += 1
                guard ws(&i) else { return false }
                continue
            }
            guard buffer[i] == 0x7D else { return false }
            i += 1
            break
        }
        if sawTicketKey || messageKind != .array { return false }
        // The envelope must be the whole file, and successful.
        if ws(&i) { return false }
        if sawStatus {
            guard statusText?.lowercased() == "success" else { return false }
        }
        guard envelopeKeys.contains("message") else { return false }
        return true
    }
}
