public import Foundation

/// Writes output files so that a reader never sees half a file: each is written to a
/// temporary file in the same folder, then renamed over the target.
public enum OutputFiles {
    public static func createDirectory(_ path: String) throws(PipelineError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.failure("cannot create the output folder \(path)")
        }
    }

    /// Writes all `files` (name → bytes) into `directory`: every temporary file first, then
    /// every rename, so a failure while writing leaves the earlier outputs as they were.
    public static func writeAll(_ files: [(name: String, data: Data)], into directory: String) throws(PipelineError) {
        try createDirectory(directory)
        var temporaries: [(tmp: String, final: String)] = []
        do throws(PipelineError) {
            for file in files {
                let final = (directory as NSString).appendingPathComponent(file.name)
                let tmp = (directory as NSString).appendingPathComponent(".\(file.name).tmp-\(getpid())")
                guard FileManager.default.createFile(atPath: tmp, contents: file.data) else {
                    throw PipelineError.failure("cannot write \(final)")
                }
                temporaries.append((tmp, final))
            }
            for t in temporaries {
                guard rename(t.tmp, t.final) == 0 else {
                    throw PipelineError.failure("cannot replace \(t.final)")
                }
            }
        } catch {
            for t in temporaries { try? FileManager.default.removeItem(atPath: t.tmp) }
            throw error
        }
    }
}
