public import Foundation

/// Email addresses as the command line and config take them: `user@domain`, nothing that
/// could start another header or recipient.
public enum EmailAddress {
    public static func isPlausible(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), s.count <= 254 else { return false }
        return s.unicodeScalars.allSatisfy {
            $0.value > 0x20 && $0.value < 0x7F && !"<>,;:\"()[]\\\\".unicodeScalars.contains($0)
        }
    }
}

/// Hands a message to a sendmail-compatible command (`/usr/sbin/sendmail -t -i`, msmtp …)
/// on its standard input, and reports its failure in one sentence.
public struct Sendmail: Sendable {
    public var command: String

    public init(command: String) { self.command = command }

    public func send(_ message: Data) async throws(PipelineError) {
        let words = command.split(separator: " ").map(String.init)
        guard let program = words.first else { throw PipelineError.usage("email.sendmail_command is empty") }
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw PipelineError.failure(
                "cannot send the email: \(program) is not an executable file (set email.sendmail_command)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = Array(words.dropFirst())
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw PipelineError.failure("cannot send the email: \(program) could not be started")
        }
        // sendmail wants LF line ends on its standard input.
        let text = String(decoding: message, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let first = String(decoding: stderr, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            throw PipelineError.failure(
                "\(command) exited with status \(process.terminationStatus)\(first.isEmpty ? "" : ": \(first)"); the report files were written"
            )
        }
    }
}
