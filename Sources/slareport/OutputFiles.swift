import Foundation

/// Writes output files so that a reader never sees half a file: each is written to a
/// temporary file in the same folder, then renamed over the target.
enum OutputFiles {
    static func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CLIError.failure("cannot create the output folder \(path)")
        }
    }

    /// Writes all `files` (name → bytes) into `directory`: every temporary file first, then
    /// every rename, so a failure while writing leaves the earlier outputs as they were.
    static func writeAll(_ files: [(name: String, data: Data)], into directory: String) throws {
        try createDirectory(directory)
        var temporaries: [(tmp: String, final: String)] = []
        do {
            for file in files {
                let final = (directory as NSString).appendingPathComponent(file.name)
                let tmp = (directory as NSString).appendingPathComponent(".\(file.name).tmp-\(getpid())")
                guard FileManager.default.createFile(atPath: tmp, contents: file.data) else {
                    throw CLIError.failure("cannot write \(final)")
                }
                temporaries.append((tmp, final))
            }
            for t in temporaries {
                guard rename(t.tmp, t.final) == 0 else {
                    throw CLIError.failure("cannot replace \(t.final)")
                }
            }
        } catch {
            for t in temporaries { try? FileManager.default.removeItem(atPath: t.tmp) }
            throw error
        }
    }
}
