import Foundation
import NIOSSL
import PostgresNIO

/// A `postgres://` / `postgresql://` store location, as libpq spells it:
/// `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require|verify-ca|verify-full]`,
/// with `sslrootcert=FILE` (PEM) for the certificate authorities that verify-ca and
/// verify-full trust instead of the system's.
/// The password comes from the URL, else `PGPASSWORD`, else `password_file` in the query
/// (or `PGPASSFILE`-style file given by the caller); it never appears in `redacted`.
struct PostgresLocation: Sendable {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var sslMode: String
    var sslRootCert: String?
    /// The URL with the password replaced: what messages and logs show.
    var redacted: String

    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Parses `url`; a bad URL is an error naming what is wrong, never showing the password.
    static func parse(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(TicketStoreError) -> PostgresLocation
    {
        let redacted = Self.redact(url)
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw TicketStoreError(
                path: redacted, reason: "is not a PostgreSQL URL such as postgres://user@host/database")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else {
            throw TicketStoreError(path: redacted, reason: "names no database (postgres://user@host/DATABASE)")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, b in b })
        let known: Set<String> = ["sslmode", "sslrootcert", "password_file", "connect_timeout"]
        if let unknown = query.keys.first(where: { !known.contains($0) }) {
            throw TicketStoreError(path: redacted, reason: "has the unknown parameter '\(unknown)'")
        }
        let sslMode = query["sslmode"] ?? "prefer"
        guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(sslMode) else {
            throw TicketStoreError(
                path: redacted, reason: "sslmode '\(sslMode)' is not disable, prefer, require or verify-full")
        }
        let sslRootCert = query["sslrootcert"]
        if let sslRootCert, !FileManager.default.isReadableFile(atPath: sslRootCert) {
            throw TicketStoreError(path: redacted, reason: "sslrootcert \(sslRootCert) cannot be read")
        }
        var password = components.password.flatMap { $0.removingPercentEncoding ?? $0 }
        if password == nil, let p = environment["PGPASSWORD"], !p.isEmpty { password = p }
        if password == nil, let file = query["password_file"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw TicketStoreError(path: redacted, reason: "password_file \(file) cannot be read")
            }
            password = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return PostgresLocation(
            host: host, port: components.port ?? 5432,
            user: components.user.flatMap { $0.removingPercentEncoding ?? $0 } ?? environment["PGUSER"] ?? "postgres",
            password: password, database: database, sslMode: sslMode, sslRootCert: sslRootCert, redacted: redacted)
    }

    /// `url` with any password replaced by `***`.
    static func redact(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else {
            return url.components(separatedBy: "?").first ?? url
        }
        let userInfo = url[scheme.upperBound..<at]
        let rest = String(url[at...]).components(separatedBy: "?").first ?? ""
        guard let colon = userInfo.firstIndex(of: ":") else { return String(url[..<at]) + rest }
        return String(url[..<colon]) + ":***" + rest
    }

    func configuration() throws(TicketStoreError) -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch sslMode {
            case "disable", "allow": tls = .disable
            case "prefer":
                var c = TLSConfiguration.makeClientConfiguration()
                c.certificateVerification = .none
                tls = .prefer(try NIOSSLContext(configuration: c))
            case "require":
                var c = TLSConfiguration.makeClientConfiguration()
                c.certificateVerification = .none
                tls = .require(try NIOSSLContext(configuration: c))
            default:  // verify-ca, verify-full
                var c = TLSConfiguration.makeClientConfiguration()
                c.certificateVerification = sslMode == "verify-ca" ? .noHostnameVerification : .fullVerification
                if let sslRootCert { c.trustRoots = .file(sslRootCert) }
                tls = .require(try NIOSSLContext(configuration: c))
            }
        } catch {
            throw TicketStoreError(path: redacted, reason: "TLS cannot be set up: \(error)", cause: error)
        }
        var c = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        c.options.connectTimeout = .seconds(10)
        // The store's statements are short and planned alike: JIT compiling them costs more
        // than it saves (a page read took 146 ms with it, 31 ms without).
        c.options.additionalStartupParameters = [("jit", "off")]
        return c
    }
}
