import CZstd

/// A Zstandard dictionary trained on a store's own tickets, with which the store compresses
/// the raw ticket JSON it keeps. Ticket objects are small (about 1 KB) and repeat the same
/// keys and many of the same values, so each compresses on its own about 6–7× with the
/// dictionary (under 2× without), and each stays readable on its own.
///
/// The compression and decompression tables are built once and only read afterwards, which
/// zstd allows from several threads at once.
public final class RawJSONDictionary: @unchecked Sendable {
    /// Its row in `raw_dictionaries`.
    public let id: Int64
    /// The dictionary as zstd wrote it.
    public let bytes: [UInt8]
    let compression: OpaquePointer
    let decompression: OpaquePointer

    /// The level every ticket is compressed at: 3 gained under 5 % in size; -1 and -3 were
    /// no faster overall, since the store then writes more.
    static let level: Int32 = 1
    /// Dictionary size: 16 KiB gave 7.2× on the benchmark tickets, 64 KiB 7.2× and slower.
    static let capacity = 16 * 1024
    /// The fewest tickets a dictionary is trained on, and the most (spread over the input).
    public static let minimumSamples = 200
    public static let maximumSamples = 2_000

    init?(id: Int64, bytes: [UInt8]) {
        guard !bytes.isEmpty else { return nil }
        let pair: (OpaquePointer?, OpaquePointer?) = bytes.withUnsafeBytes { raw in
            (
                ZSTD_createCDict(raw.baseAddress, raw.count, Self.level),
                ZSTD_createDDict(raw.baseAddress, raw.count)
            )
        }
        guard let c = pair.0, let d = pair.1 else {
            ZSTD_freeCDict(pair.0)
            ZSTD_freeDDict(pair.1)
            return nil
        }
        self.id = id
        self.bytes = bytes
        compression = c
        decompression = d
    }

    deinit {
        ZSTD_freeCDict(compression)
        ZSTD_freeDDict(decompression)
    }

    /// Trains a dictionary on raw ticket objects; `nil` when there are fewer than
    /// `minimumSamples` or zstd finds nothing worth a dictionary in them.
    static func train<C: Collection>(samples: C) -> [UInt8]? where C.Element == [UInt8] {
        guard samples.count >= minimumSamples else { return nil }
        var stride = 1
        if samples.count > maximumSamples { stride = (samples.count + maximumSamples - 1) / maximumSamples }
        var joined: [UInt8] = []
        var sizes: [Int] = []
        for (k, sample) in samples.enumerated() where k % stride == 0 && !sample.isEmpty {
            joined.append(contentsOf: sample)
            sizes.append(sample.count)
        }
        guard sizes.count >= minimumSamples else { return nil }
        var dictionary = [UInt8](repeating: 0, count: capacity)
        let written = dictionary.withUnsafeMutableBytes { out in
            joined.withUnsafeBytes { src in
                ZDICT_trainFromBuffer(out.baseAddress, out.count, src.baseAddress, sizes, UInt32(sizes.count))
            }
        }
        guard ZDICT_isError(written) == 0, written > 0 else { return nil }
        dictionary.removeLast(dictionary.count - written)
        return dictionary
    }

    /// Decompresses a raw ticket compressed with this dictionary; `nil` if the bytes are not
    /// such a frame (a damaged store).
    public func decompress(_ compressed: UnsafeRawBufferPointer) -> [UInt8]? {
        let size = ZSTD_getFrameContentSize(compressed.baseAddress, compressed.count)
        // ZSTD_CONTENTSIZE_UNKNOWN and _ERROR are the two largest values; every frame the
        // store writes records its size.
        guard size < UInt64.max - 1, size < 1 << 31, let context = ZSTD_createDCtx() else { return nil }
        defer { ZSTD_freeDCtx(context) }
        var out = [UInt8](repeating: 0, count: Int(size))
        let n = out.withUnsafeMutableBytes { o in
            ZSTD_decompress_usingDDict(
                context, o.baseAddress, o.count, compressed.baseAddress, compressed.count, decompression)
        }
        guard ZSTD_isError(n) == 0, n == Int(size) else { return nil }
        return out
    }
}

/// Compresses raw tickets with one dictionary; one per thread (it holds zstd's working
/// memory, which must not be shared).
public final class RawJSONCompressor {
    public let dictionary: RawJSONDictionary
    let context: OpaquePointer
    var scratch: UnsafeMutableRawBufferPointer

    public init(_ dictionary: RawJSONDictionary) {
        self.dictionary = dictionary
        // Only fails without memory, which Swift treats as fatal everywhere else too.
        context = ZSTD_createCCtx()!
        // Frames without the dictionary's id (4 bytes each): the row names its dictionary.
        ZSTD_CCtx_setParameter(context, ZSTD_c_dictIDFlag, 0)
        ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1)
        ZSTD_CCtx_refCDict(context, dictionary.compression)
        scratch = .allocate(byteCount: 1 << 16, alignment: 16)
    }

    deinit {
        ZSTD_freeCCtx(context)
        scratch.deallocate()
    }

    /// Appends the compressed form of `raw` to `out`.
    func compress(_ raw: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        let bound = ZSTD_compressBound(raw.count)
        if bound > scratch.count {
            scratch.deallocate()
            scratch = .allocate(byteCount: bound, alignment: 16)
        }
        let n = ZSTD_compress2(context, scratch.baseAddress, bound, raw.baseAddress, raw.count)
        // Compressing into a buffer of ZSTD_compressBound bytes cannot fail.
        precondition(ZSTD_isError(n) == 0, "zstd failed to compress a ticket")
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<n]))
    }
}
