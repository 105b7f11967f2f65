import Foundation
import GRDB

/// The stores a test runs against: SQLite always; PostgreSQL when
/// SLAREPORT_TEST_POSTGRES_URL names a server (`.ci/run` starts one; `source .ci/postgres.sh`
/// on a developer machine). When the variable is set and the server does not answer, the
/// PostgreSQL cases fail: they are never skipped then.
public enum StoreKind: String, CaseIterable, Sendable {
    case sqlite, postgres

    public static var available: [StoreKind] { TestPostgres.isConfigured ? allCases : [.sqlite] }

    /// A new, empty store location: a file in a new folder, or a new database.
    public func newLocation(_ name: String = #function) throws -> String {
        switch self {
        case .sqlite: return try temporaryFolder(name).appendingPathComponent("s.sqlite").path
        case .postgres: return try TestPostgres.newDatabase()
        }
    }

    /// Runs one statement on the store's database at `location`, past slareport.
    public func execute(_ sql: String, on location: String) throws {
        switch self {
        case .sqlite: try DatabaseQueue(path: location).write { try $0.execute(sql: sql) }
        case .postgres: try TestPostgres.execute(sql, on: location)
        }
    }
}
