import CLZ4
import Foundation
import Synchronization

/// A dictionary for the raw JSON a store keeps: ticket objects are small (about 1 KB) and
/// repeat the same keys and many of the same values, so each compresses on its own about
/// 4.7× with LZ4 against 64 KB of the store's own tickets (about 1.4× without), and each
/// stays readable on its own.
///
/// The dictionary's LZ4 stream is built once and only read afterwards (attached to each
/// thread's own stream), which LZ4 allows from several threads at once. Safe to send (hence
/// `@unchecked`, for the two pointers): both are `let`, written only in `init`, freed only in
/// `deinit`, and LZ4 only reads them.
public final class RawJSONDictionary: @unchecked Sendable {
    /// Its row in `raw_dictionaries`.
    public let id: Int64
    /// The dictionary's content, in memory that stays put (LZ4 refers to it, never copies
    /// it), and its loaded stream.
    let content: UnsafeMutableRawBufferPointer
    let stream: UnsafeMutablePointer<LZ4_stream_t>

    /// LZ4 looks back at most 64 KiB: a larger dictionary would not be used.
    static let capacity = 64 * 1024
    /// The fewest tickets a dictionary is built from, and the most (spread over the input).
    public static let minimumSamples = 200
    public static let maximumSamples = 2_000

    init?(id: Int64, bytes: [UInt8]) {
        guard !bytes.isEmpty, bytes.count <= Self.capacity, let stream = LZ4_createStream() else { return nil }
        let content = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        bytes.withUnsafeBytes { content.copyMemory(from: $0) }
        self.id = id
        self.content = content
        self.stream = stream
        LZ4_loadDict(stream, content.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(content.count))
    }

    deinit {
        LZ4_freeStream(stream)
        content.deallocate()
    }

    /// The dictionary's content.
    public var bytes: [UInt8] { Array(content) }

    /// Builds a dictionary from raw ticket objects: about 60 of them, spread evenly over the
    /// samples, one after the other (LZ4 matches against the dictionary's bytes as they are; a
    /// dictionary trained by zstd's ZDICT came out 8 % smaller but made `import` no faster,
    /// and would need libzstd). `nil` when there are fewer than `minimumSamples`.
    static func train<C: Collection>(samples: C) -> [UInt8]? where C.Element == [UInt8] {
        guard samples.count >= minimumSamples else { return nil }
        var dictionary: [UInt8] = []
        let step = max(1, samples.count / 64)
        for sample in samples.enumerated().lazy.filter({ $0.offset % step == 0 }).map(\.element)
        where dictionary.count + sample.count <= capacity {
            dictionary.append(contentsOf: sample)
        }
        return dictionary.isEmpty ? nil : dictionary
    }

    /// Decompresses a raw ticket compressed with this dictionary; `nil` if the bytes are not
    /// such a block (a damaged store).
    public func decompress(_ compressed: UnsafeRawBufferPointer) -> [UInt8]? {
        guard compressed.count >= 4 else { return nil }
        let size = Int(UInt32(littleEndian: compressed.loadUnaligned(as: UInt32.self)))
        if size == 0 { return compressed.count == 4 ? [] : nil }
        // An LZ4 block expands at most about 255 times: a larger length is damage, not a
        // reason to allocate it.
        guard size <= (compressed.count - 4) * 256 + 64 else { return nil }
        var out = [UInt8](repeating: 0, count: size)
        let n = out.withUnsafeMutableBytes { o in
            LZ4_decompress_safe_usingDict(
                compressed.baseAddress!.advanced(by: 4).assumingMemoryBound(to: CChar.self),
                o.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(compressed.count - 4), Int32(size),
                content.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(content.count))
        }
        return n == size ? out : nil
    }
}

/// Compresses raw tickets with one dictionary; one per thread (it holds LZ4's working
/// stream, which must not be shared).
public final class RawJSONCompressor {
    public let dictionary: RawJSONDictionary
    let stream: UnsafeMutablePointer<LZ4_stream_t>
    var scratch: UnsafeMutableRawBufferPointer

    public init(_ dictionary: RawJSONDictionary) {
        self.dictionary = dictionary
        // Only fails without memory, which Swift treats as fatal everywhere else too.
        stream = LZ4_createStream()!
        scratch = .allocate(byteCount: 1 << 16, alignment: 16)
    }

    deinit {
        LZ4_freeStream(stream)
        scratch.deallocate()
    }

    /// Appends the compressed form of `raw` to `out`: its length (4 bytes, little-endian),
    /// then an LZ4 block that refers back into the dictionary.
    func compress(_ raw: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        let bound = Int(LZ4_compressBound(Int32(raw.count))) + 4
        if bound > scratch.count {
            scratch.deallocate()
            scratch = .allocate(byteCount: bound, alignment: 16)
        }
        scratch.storeBytes(of: UInt32(raw.count).littleEndian, as: UInt32.self)
        guard let source = raw.baseAddress, raw.count > 0 else {
            return out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<4]))
        }
        LZ4_resetStream_fast(stream)
        LZ4_attach_dictionary(stream, dictionary.stream)
        let n = LZ4_compress_fast_continue(
            stream, source.assumingMemoryBound(to: CChar.self),
            scratch.baseAddress!.advanced(by: 4).assumingMemoryBound(to: CChar.self), Int32(raw.count),
            Int32(bound - 4), 1)
        // Compressing into a buffer of LZ4_compressBound bytes cannot fail.
        precondition(n > 0, "LZ4 failed to compress a ticket")
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<(4 + Int(n))]))
    }
}

/// The dictionaries a store has read or trained, by id, and its newest (the one new raw
/// JSON is compressed with). Both stores keep one.
struct KnownDictionaries {
    var byID: [Int64: RawJSONDictionary] = [:]
    var newest: RawJSONDictionary?

    /// Keeps `dictionary` (the copy already known under its id wins, so that every
    /// compressor shares one) and returns the copy kept; `newest`: the store's newest.
    mutating func remember(_ dictionary: RawJSONDictionary, newest isNewest: Bool) -> RawJSONDictionary {
        let kept = byID[dictionary.id] ?? dictionary
        byID[dictionary.id] = kept
        if isNewest && kept.id > newest?.id ?? .min { newest = kept }
        return kept
    }
}

extension RawJSONDictionary {
    /// The raw JSON of ticket `ticketId` stored as `stored`, compressed with `dictionary`
    /// (`nil` with an id: a dictionary the store does not hold) or as text (`compressed`
    /// false). A block that does not decompress is a damaged store, said in one sentence.
    static func json(
        _ stored: UnsafeRawBufferPointer, compressed: Bool, with dictionary: RawJSONDictionary?, ticketId: String,
        store: String
    ) throws(TicketStoreError) -> String {
        guard compressed else { return String(decoding: stored, as: UTF8.self) }
        guard let json = dictionary?.decompress(stored) else {
            throw TicketStoreError(
                path: store, reason: "the raw JSON of ticket \(ticketId) cannot be decompressed (a damaged store)")
        }
        return String(decoding: json, as: UTF8.self)
    }
}

/// A stored ticket's raw JSON as read from its row: compressed with `dictionary` (`nil`
/// with `compressed`: one the store does not hold), or text.
struct StoredRawJSON: Sendable {
    var ticketId: String
    var bytes: [UInt8]
    var compressed: Bool
    var dictionary: RawJSONDictionary?
}

extension RawJSONDictionary {
    /// `value` of each ticket's raw JSON, decompressed, computed on every core (for a
    /// migration filling a column of the stored tickets); a block that does not decompress
    /// is a damaged store, said in one sentence.
    static func values<V: Sendable>(
        of stored: [StoredRawJSON], store: String, _ value: @Sendable ([UInt8]) -> V
    ) throws(TicketStoreError) -> [V?] {
        let results = Mutex([Result<V, TicketStoreError>?](repeating: nil, count: stored.count))
        let threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, stored.count / 512))
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            var local: [(Int, Result<V, TicketStoreError>)] = []
            for i in stride(from: part, to: stored.count, by: threads) {
                let s = stored[i]
                local.append(
                    (
                        i,
                        Result { () throws(TicketStoreError) in
                            let json = s.bytes.withUnsafeBytes { bytes in
                                Result { () throws(TicketStoreError) in
                                    try RawJSONDictionary.json(
                                        bytes, compressed: s.compressed, with: s.dictionary,
                                        ticketId: s.ticketId, store: store)
                                }
                            }
                            return value(Array(try json.get().utf8))
                        }
                    ))
            }
            results.withLock { all in for (i, r) in local { all[i] = r } }
        }
        let all = results.withLock { $0 }
        var out: [V?] = []
        out.reserveCapacity(all.count)
        for r in all { out.append(try r?.get()) }
        return out
    }
}

extension TicketFactStore {
    /// A batch of `tickets`, their raw JSON compressed with the store's dictionary; the first
    /// batch of enough tickets trains it (a pull's first day, a `store copy`'s).
    public func batch(of tickets: [StoredTicket]) throws -> TicketBatch {
        let dictionary = try rawDictionary(orTrainingOn: {
            tickets.prefix(RawJSONDictionary.maximumSamples).map { Array($0.rawJSON.utf8) }
        })
        let compressor = dictionary.map(RawJSONCompressor.init)
        var batch = TicketBatch(dictionary: dictionary)
        for t in tickets { batch.append(t.ticket, rawJSON: t.rawJSON, compressor: compressor) }
        return batch
    }
}
