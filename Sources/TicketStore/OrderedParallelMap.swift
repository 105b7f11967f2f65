import Foundation

/// Runs `work` over items 0..<count on `threads` threads, each with its own state, and hands
/// the results to `consume` on the calling thread strictly in item order. At most
/// `threads + 1` results wait at once, so memory stays bounded however many items there are.
public enum OrderedParallelMap {
    /// The state the threads share. Safe to send (hence `@unchecked`): every stored property
    /// is read and written only while holding `condition`, and `R` values are handed from the
    /// worker that made one to the consuming thread through `results`, never used by both.
    final class Shared<R>: @unchecked Sendable {
        let condition = NSCondition()
        var next = 0
        var consumed = 0
        var results: [Int: R] = [:]
        var stop = false
    }

    /// A value moved to one other thread (a worker's `State`, made on the calling thread
    /// and then used only by that worker). Safe to send (hence `@unchecked`): `value` is a
    /// `let`, and whoever sends a box stops using its value.
    final class Box<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    public static func run<State, R, E: Error>(
        count: Int, threads: Int, makeState: @escaping (Int) -> State, finish: @escaping (inout State) -> Void,
        work: @escaping (inout State, Int) -> R, consume: (Int, R) throws(E) -> Void
    ) throws(E) {
        if threads <= 1 || count <= 1 {
            var state = makeState(0)
            defer { finish(&state) }
            for k in 0..<count { try consume(k, work(&state, k)) }
            return
        }
        let shared = Shared<R>()
        let window = threads + 1
        let closures = Box((makeState, finish, work))
        for index in 0..<threads {
            let thread = Thread {
                let (makeState, finish, work) = closures.value
                var state = makeState(index)
                defer { finish(&state) }
                while true {
                    shared.condition.lock()
                    while !shared.stop && shared.next < count && shared.next >= shared.consumed + window {
                        shared.condition.wait()
                    }
                    if shared.stop || shared.next >= count {
                        shared.condition.unlock()
                        return
                    }
                    let k = shared.next
                    shared.next += 1
                    shared.condition.unlock()
                    let result = work(&state, k)
                    shared.condition.lock()
                    shared.results[k] = result
                    shared.condition.broadcast()
                    shared.condition.unlock()
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer {
            shared.condition.lock()
            shared.stop = true
            shared.condition.broadcast()
            shared.condition.unlock()
        }
        for k in 0..<count {
            shared.condition.lock()
            while shared.results[k] == nil { shared.condition.wait() }
            let result = shared.results.removeValue(forKey: k)!
            shared.consumed = k + 1
            shared.condition.broadcast()
            shared.condition.unlock()
            try consume(k, result)
        }
    }
}
