import Foundation
import Logging
import NIOPosix
import PostgresNIO

/// The PostgreSQL server the tests use: SLAREPORT_TEST_POSTGRES_URL (`.ci/run` starts one;
/// `source .ci/postgres.sh` on a developer machine). With the variable set, a server that
/// does not answer fails the tests that need it instead of skipping them. With
/// SLAREPORT_REQUIRE_POSTGRES=1 (`.ci/run` sets it) the tests that need a server run, and
/// fail, when the URL is missing: PostgreSQL coverage cannot vanish without a word.
public enum TestPostgres {
    public static var url: String? { ProcessInfo.processInfo.environment["SLAREPORT_TEST_POSTGRES_URL"] }
    /// Whether the PostgreSQL tests run: a server is named, or one is required.
    public static var isConfigured: Bool { url != nil || isRequired }
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["SLAREPORT_REQUIRE_POSTGRES"] == "1" }

    /// Why a test that needs PostgreSQL cannot have it.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "SLAREPORT_REQUIRE_POSTGRES=1 but SLAREPORT_TEST_POSTGRES_URL is not set (source .ci/postgres.sh)"
        }
    }

    /// The server's URL; throws `Missing` when none is set.
    public static func requiredURL() throws -> String {
        guard let url else { throw Missing() }
        return url
    }

    /// A new, empty database on the test server; returns its URL.
    public static func newDatabase() throws -> String {
        let admin = try requiredURL()
        let name = "slareport_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try execute("CREATE DATABASE \(name)", on: admin)
        guard var components = URLComponents(string: admin) else { throw Missing() }
        components.path = "/" + name
        return components.string ?? admin
    }

    /// Runs one statement on the database at `url` on a connection of its own.
    public static func execute(_ sql: String, on url: String) throws { _ = try rows(sql, on: url) }

    /// The first value of the first row `sql` returns, a text (`""` if none).
    public static func query(_ sql: String, on url: String) throws -> String {
        guard let cell = try rows(sql, on: url).first?.first, let bytes = cell.bytes else { return "" }
        return String(decoding: bytes.readableBytesView, as: UTF8.self)
    }

    /// The plan (`EXPLAIN (ANALYZE, FORMAT JSON)`, as text) of the index scan a period read
    /// makes, over every ticket, forced onto the index as a large table's is, asking only the
    /// index's columns: answered from the index alone ("Heap Fetches": 0) once the table is
    /// vacuumed.
    public static func periodReadPlan(on url: String) throws -> String {
        try execute(
            """
            CREATE OR REPLACE FUNCTION period_read_plan() RETURNS json LANGUAGE plpgsql SET enable_seqscan = off AS $$
            DECLARE plan json;
            BEGIN
                EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) SELECT created_at, ticket_id FROM tickets WHERE created_at >= 0 '
                    'ORDER BY created_at, ticket_id COLLATE "C"' INTO plan;
                RETURN plan;
            END $$
            """, on: url)
        return try query("SELECT period_read_plan()::text", on: url)
    }

    static func rows(_ sql: String, on url: String) throws -> [PostgresRow] {
        let c = URLComponents(string: url)!
        let logger = Logger(label: "test.postgres")
        let connection = try PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: .init(
                host: c.host!, port: c.port ?? 5432, username: c.user ?? "postgres", password: c.password,
                database: String(c.path.dropFirst()), tls: .disable),
            id: 1, logger: logger
        ).wait()
        defer { try? connection.close().wait() }
        return Array(try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait().rows)
    }
}
