import Crypto
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization
import TicketModel

/// The history rollups reports keep, and the write stamps that tell when one is stale.
extension PostgresTicketStore {
    public func writeStamps(utcDays: ClosedRange<Int64>) throws -> [Int64: Int64] {
        try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(utcDays.lowerBound)
                b.append(utcDays.upperBound)
                var stamps: [Int64: Int64] = [:]
                let sql = "SELECT utc_day, generation FROM written_days WHERE utc_day BETWEEN $1 AND $2"
                for row in try run(c, sql, b).rows {
                    let (day, generation) = try row.decode((Int64, Int64).self)
                    stamps[day] = generation
                }
                return stamps
            }
        }
    }

    public func historyRollups(key: String, days: ClosedRange<Int>) throws -> [StoredRollupRow] {
        try wrap {
            try withConnection { c in
                var b = PostgresBindings()
                b.append(key)
                b.append(Int32(clamping: days.lowerBound))
                b.append(Int32(clamping: days.upperBound))
                let sql = "SELECT day, stamp, data FROM history_rollups WHERE rollup_key = $1 AND day BETWEEN $2 AND $3"
                return try run(c, sql, b).rows.map { row in
                    let (day, stamp, data) = try row.decode((Int32, Int64, ByteBuffer).self)
                    return StoredRollupRow(day: Int(day), stamp: stamp, data: Array(data.readableBytesView))
                }
            }
        }
    }

    public func saveHistoryRollups(key: String, _ rows: [StoredRollupRow]) -> Bool {
        guard !rows.isEmpty, bulk == nil else { return rows.isEmpty }
        var b = PostgresBindings()
        b.append(key)
        b.append(rows.map { Int32(clamping: $0.day) })
        b.append(rows.map(\.stamp))
        b.append(rows.map { ByteBuffer(bytes: $0.data) })
        let sql = """
            INSERT INTO history_rollups (rollup_key, day, stamp, data)
                SELECT $1, * FROM unnest($2::integer[], $3::bigint[], $4::bytea[])
                ON CONFLICT (rollup_key, day) DO UPDATE SET stamp = EXCLUDED.stamp, data = EXCLUDED.data
            """
        // A role that may only read (the docs' analyst role) keeps nothing.
        return (try? wrap { try withConnection { c in _ = try run(c, sql, b) } }) != nil
    }
}
