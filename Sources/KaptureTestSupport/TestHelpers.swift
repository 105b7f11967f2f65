public import Foundation
public import TicketModel

/// The days from `from` (YYYY-MM-DD), `count` of them.
public func days(_ from: String, count: Int) -> [LocalDate] {
    (0..<count).map { LocalDate(from)!.adding(days: $0) }
}

/// Runs `body` with a fake Kapture server that is stopped afterwards.
public func withFakeKapture<T>(_ configuration: FakeKaptureConfiguration, _ body: (FakeKaptureServer) async throws -> T)
    async throws -> T
{
    let server = try await FakeKaptureServer.start(configuration)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A fresh temporary folder, which the caller may remove; whatever is left of it goes when
/// the test process ends (every folder is made in one folder of the process's own, removed
/// at exit), so that test runs do not fill the temporary folder.
public func temporaryFolder(_ name: String = #function) throws -> URL {
    let url = testRoot.appendingPathComponent(
        "\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The test process's folder of temporary folders, removed when the process exits.
let testRoot: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
        "slareport-tests-\(ProcessInfo.processInfo.processIdentifier)")
    atexit { try? FileManager.default.removeItem(at: testRoot) }
    return root
}()

/// A small RFC 4180 reader for the tests.
public func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var chars = Array(text)
    chars.append("\r\n")
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if inQuotes {
            if c == "\"" {
                if i + 1 < chars.count && chars[i + 1] == "\"" {
                    field.append("\"")
                    i += 1
                } else {
                    inQuotes = false
                }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            inQuotes = true
        } else if c == "," {
            row.append(field)
            field = ""
        } else if c == "\r\n" || c == "\n" {
            row.append(field)
            field = ""
            if row != [""] { rows.append(row) }
            row = []
        } else {
            field.append(c)
        }
        i += 1
    }
    return rows
}
