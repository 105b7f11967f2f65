import Crypto
import Foundation
public import ReportPipeline
import TicketModel

/// The feed tokens a server accepts: a file of SHA-256 hashes (hex), one per line; blank
/// lines and `#` comments are ignored. Tokens themselves are never stored.
public struct FeedTokens: Sendable {
    let hashes: [[UInt8]]

    public var isEmpty: Bool { hashes.isEmpty }
    public var count: Int { hashes.count }

    public init(hashes: [String]) {
        self.hashes = hashes.compactMap(Self.bytes(hex:))
    }

    /// Reads `path`; a line that is not a SHA-256 hash is an error naming the file and line,
    /// and so is a file that holds no hash at all (empty, or only comments): a tokens file is
    /// there to close the server, so one that names no token fails closed, never open.
    public static func load(_ path: String) throws(PipelineError) -> FeedTokens {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw .usage("tokens file \(path) cannot be read (create it with `slareport token new`)") }
        var hashes: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard bytes(hex: line) != nil else {
                throw .usage("tokens file \(path), line \(n + 1): not a SHA-256 hash (64 hex digits)")
            }
            hashes.append(line)
        }
        guard !hashes.isEmpty else {
            throw .usage(
                "tokens file \(path) holds no token hash, so serve would accept every request; add one with `slareport token new` or remove [serve] tokens_file"
            )
        }
        return FeedTokens(hashes: hashes)
    }

    /// A warning when users other than the file's owner may read or write `path` (mode bits
    /// 0o066): a reader learns the hashes, a writer adds a token of their own.
    public static func permissionWarning(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & 0o777
        guard mode & 0o066 != 0 else { return nil }
        return
            "tokens file \(path) can be read or written by users other than its owner (mode \(String(mode, radix: 8))); run chmod 600 \(path)"
    }

    /// Whether `token` is one of the tokens: its hash compared with every stored hash in
    /// constant time (no early exit on the first differing byte, nor on a match).
    public func accepts(_ token: String) -> Bool {
        let digest = Array(SHA256.hash(data: Data(token.utf8)))
        var found: UInt8 = 0
        for h in hashes {
            var diff: UInt8 = 0
            for i in 0..<32 { diff |= h[i] ^ digest[i] }
            found |= diff == 0 ? 1 : 0
        }
        return found == 1
    }

    /// A new random token: `slr_` and 43 URL-safe base64 characters (256 bits).
    public static func newToken() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        let b64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "slr_" + b64
    }

    /// The hex SHA-256 of `token`: what the tokens file holds.
    public static func hash(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }

    /// Appends the hash of `token` to `path` (created with mode 0600 if missing).
    public static func append(hashOf token: String, to path: String) throws(PipelineError) {
        let line = hash(token) + "\n"
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else {
            throw .usage("tokens file \(path) cannot be written (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        let written = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, line.utf8.count) }
        guard written == line.utf8.count else {
            throw .failure("tokens file \(path): the hash could not be written")
        }
    }

    static func bytes(hex: String) -> [UInt8]? {
        let chars = Array(hex.lowercased().utf8)
        guard chars.count == 64 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
