public import Foundation
public import TicketModel

/// A second implementation of the day rule (docs/METRICS.md, "Days"), for tests: by brute
/// force over Foundation's offsets only, scanning instants minute by minute for the ones whose
/// local time is a wall time. Slow, obviously right, and shares no code with `ZoneClock`.
public enum ReferenceZone {
    public static func local(_ zone: TimeZone, _ instant: Int64) -> Int64 {
        instant + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    /// The instant of wall time `wall` (seconds since 1970-01-01T00:00 local, a whole
    /// minute): its first occurrence, or, in a gap, the wall time moved forward by the gap.
    public static func instant(_ zone: TimeZone, wall: Int64) -> Int64 {
        let from = wall - 16 * 3600
        let to = wall + 16 * 3600
        var i = from
        while i <= to {
            if local(zone, i) == wall { return i }
            i += 60
        }
        // A gap: find the transition, the jump it makes, and the wall time past it.
        i = from
        while i <= to {
            if local(zone, i + 60) - local(zone, i) > 60 {
                let gap = local(zone, i + 60) - local(zone, i) - 60
                let target = wall + gap
                var j = i
                while j <= to + 86_400 {
                    if local(zone, j) == target { return j }
                    j += 60
                }
            }
            i += 60
        }
        return .min  // no such wall time within a day: not a case a test builds
    }

    public static func day(_ zone: TimeZone, _ instant: Int64) -> LocalDate {
        let l = local(zone, instant)
        return LocalDate(daysSinceEpoch: Int((l - ((l % 86_400) + 86_400) % 86_400) / 86_400))
    }
}
