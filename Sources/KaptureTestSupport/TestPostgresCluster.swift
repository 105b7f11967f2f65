import Foundation

/// A PostgreSQL cluster of a test's own (for what the shared test server must not suffer:
/// a restart in the middle of a command). Made with the binaries of the installed server
/// (`/usr/lib/postgresql/*/bin`), in a temporary folder, on a free loopback port, run as
/// `nobody` when the tests run as root (initdb and pg_ctl refuse root). `stop()` removes it.
public final class TestPostgresCluster: Sendable {
    public let url: String
    let folder: URL
    let bin: String
    public let port: Int

    /// The server binaries, if PostgreSQL is installed.
    public static var binaries: String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap(Int.init).sorted().last.map { "\(root)/\($0)/bin" }
    }

    /// With `tls`, the server has a certificate for `localhost` and 127.0.0.1 signed by a
    /// certificate authority of its own (`certificateAuthority`, PEM) and accepts TLS
    /// connections only.
    public init(tls: Bool = false) throws {
        guard let bin = Self.binaries else { throw ClusterError(message: "PostgreSQL is not installed") }
        self.bin = bin
        self.tls = tls
        folder = try temporaryFolder("pg-cluster")
        port = try Self.freePort()
        url = "postgres://slareport@127.0.0.1:\(port)/postgres?sslmode=disable"
        if getuid() == 0 {
            try Self.run("/usr/bin/chown", ["nobody", folder.path])
        }
        try asOwner(
            "\(bin)/initdb",
            [
                "-D", folder.appendingPathComponent("data").path, "-U", "slareport",
                "--auth=trust", "-E", "UTF8", "--no-sync",
            ])
        if tls { try makeCertificates() }
        try start()
    }

    let tls: Bool

    /// The file of the certificate authority that signed the server's certificate.
    public var certificateAuthority: String { folder.appendingPathComponent("ca.crt").path }

    func makeCertificates() throws {
        let script = """
            set -e
            cd '\(folder.path)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj '/CN=slareport test CA'
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=localhost'
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1' > san.ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 \
                -extfile san.ext
            chmod 600 server.key
            printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n' > data/pg_hba.conf
            """
        try Self.run("/bin/bash", ["-c", script])
        if getuid() == 0 {
            try Self.run("/usr/bin/chown", ["-R", "nobody", folder.path])
        }
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        try asOwner(
            "\(bin)/pg_ctl",
            [
                "-D", folder.appendingPathComponent("data").path, "-l",
                folder.appendingPathComponent("server.log").path,
                "-w", "-o",
                "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off"
                    + (tls
                        ? " -c ssl=on -c ssl_cert_file=\(folder.path)/server.crt -c ssl_key_file=\(folder.path)/server.key"
                        : ""),
                "start",
            ])
    }

    /// Stops the server at once, as a crash would (`-m immediate`).
    public func kill() throws {
        try asOwner("\(bin)/pg_ctl", ["-D", folder.appendingPathComponent("data").path, "-m", "immediate", "stop"])
    }

    /// Stops the server and removes the cluster.
    public func stop() {
        try? kill()
        try? FileManager.default.removeItem(at: folder)
    }

    func asOwner(_ tool: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "nobody", "--", tool] + arguments)
        } else {
            try Self.run(tool, arguments)
        }
    }

    /// Runs `tool` through bash, which first closes every descriptor above 2: the server
    /// that `pg_ctl start` leaves running would otherwise keep one of Foundation's open, and
    /// `waitUntilExit` would wait for the server's end.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        let closeAll = #"for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done 2>/dev/null"#
        process.arguments = ["-c", closeAll + #"; exec "$0" "$@""#, tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ClusterError(
                message: "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw ClusterError(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct ClusterError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

extension TestPostgresCluster {
    /// Runs `body` (which waits for processes) on a thread of its own, not on the
    /// cooperative pool.
    public static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
