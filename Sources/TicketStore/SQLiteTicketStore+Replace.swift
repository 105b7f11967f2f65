import Foundation

/// A store being filled all-or-nothing: a store that does not exist yet is bulk-loaded into a
/// temporary file beside it (no journal: each page is written once) and renamed into place
/// by `commit()`, so a failed or killed load never leaves a store behind; an existing store
/// takes the tickets through the same upserts in WAL mode that `pull` uses.
///
/// ```swift
/// let load = try SQLiteStoreLoad(path: "slareport.sqlite")
/// try load.store.saveTickets(batch)
/// try load.commit()        // or load.abandon()
/// ```
public final class SQLiteStoreLoad: TicketStoreLoad {
    /// Where the store will be.
    public let path: String
    /// The store to write into (the temporary file when the store is new).
    public let sqliteStore: SQLiteTicketStore
    public var store: any TicketStoring { sqliteStore }
    /// Whether the store is new (bulk-loaded and renamed into place).
    public let isNew: Bool
    private let target: String
    private var finished = false

    /// Opens `path` for loading; first removes the temporary files of loads whose process is gone.
    /// `building` hears how far the fact blocks of an existing store have come when the
    /// open builds them all.
    public init(path: String, building: FactBlockProgressHandler? = nil) throws(TicketStoreError) {
        self.path = path
        Self.removeAbandonedLoads(beside: path)
        isNew = !FileManager.default.fileExists(atPath: path)
        target = isNew ? Self.temporaryPath(beside: path) : path
        do {
            sqliteStore =
                isNew
                ? try SQLiteTicketStore.bulkLoad(path: target) : try SQLiteTicketStore(path: target, building: building)
        } catch let e as TicketStoreError {
            if isNew { Self.removeStoreFiles(target) }
            throw e
        } catch {
            if isNew { Self.removeStoreFiles(target) }
            throw TicketStoreError(path: path, reason: "\(error)", cause: error)
        }
    }

    deinit { if isNew && !finished { Self.removeStoreFiles(target) } }

    /// Makes the load visible: a new store is finished and renamed into place (refused if a
    /// file appeared at `path` meanwhile); an existing one needs nothing more.
    public func commit() throws(TicketStoreError) {
        guard isNew else {
            finished = true
            return
        }
        do {
            try sqliteStore.finishBulkLoad()
        } catch let e as TicketStoreError { throw e } catch {
            throw TicketStoreError(path: path, reason: "\(error)", cause: error)
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw TicketStoreError(path: path, reason: "appeared while importing; nothing was written to it")
        }
        guard rename(target, path) == 0 else {
            throw TicketStoreError(path: path, reason: "cannot be created (\(String(cString: strerror(errno))))")
        }
        finished = true
    }

    /// Gives the load up: a new store's temporary file is removed (an existing store keeps
    /// what its committed transactions wrote).
    public func abandon() {
        if isNew && !finished { Self.removeStoreFiles(target) }
        finished = true
    }

    /// A new file beside `path` for a bulk load (same folder, so the rename is atomic).
    static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).importing-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        ).path
    }

    /// Removes the temporary files of loads that were killed (their process is gone).
    static func removeAbandonedLoads(beside path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).importing-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink(folder.appendingPathComponent(name).path)
            }
        }
    }

    static func removeStoreFiles(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }
}
