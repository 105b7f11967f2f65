public import Foundation

/// Golden files for tests: a rendered output compared byte for byte with a committed file.
///
/// With `SLAREPORT_UPDATE_GOLDEN=1` the committed files are rewritten from the outputs
/// instead, and every check reports a problem, so that the run fails and the developer
/// reviews the diff (`git diff`) before running the tests again without it: an update can
/// never pass silently.
public enum GoldenFiles {
    public static let updateVariable = "SLAREPORT_UPDATE_GOLDEN"

    public static var isUpdating: Bool { ProcessInfo.processInfo.environment[updateVariable] == "1" }

    /// Compares `data` with the file at `url` (in update mode: writes it there). Returns the
    /// problem for the test to record, or `nil` when the file matches.
    public static func check(_ data: Data, against url: URL) -> String? {
        let name = url.lastPathComponent
        if isUpdating {
            let changed = (try? Data(contentsOf: url)) != data
            if changed {
                do { try data.write(to: url, options: .atomic) } catch {
                    return "\(name): cannot be rewritten: \(error)"
                }
            }
            return "\(updateVariable)=1: \(name) \(changed ? "rewritten" : "unchanged"); "
                + "review the diff (git diff \(url.path)) and run the tests again without \(updateVariable)"
        }
        guard let golden = try? Data(contentsOf: url) else {
            return "\(url.path) is missing; write it with \(updateVariable)=1 and review it"
        }
        return golden == data ? nil : "\(name) differs from its golden file \(url.path)"
    }
}
