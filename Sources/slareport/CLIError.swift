import ArgumentParser
import Foundation
import TicketModel

/// The exit codes `slareport` documents (README, "Exit codes").
enum ExitStatus {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let authenticationRefused: Int32 = 3
    /// `pull` ended with days `partial` or `failed` (sysexits' EX_TEMPFAIL: running the same
    /// command again resumes).
    static let incompletePull: Int32 = 75
    static let usage: Int32 = 64
    static let badInputData: Int32 = 65
}

/// A user-facing failure: one sentence and an exit code. Never a stack trace.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: ExitStatus.usage) }
    static func badInput(_ message: String) -> CLIError {
        CLIError(message: message, exitCode: ExitStatus.badInputData)
    }
    static func failure(_ message: String) -> CLIError { CLIError(message: message, exitCode: ExitStatus.failure) }

    var description: String { message }
}

/// Prints a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Runs a command body, turning known failures into one line on stderr and their exit code.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CLIError {
        printError("slareport: error: \(error.message)")
        throw ExitCode(error.exitCode)
    } catch let error as InputError {
        printError("slareport: error: \(error.description)")
        throw ExitCode(ExitStatus.badInputData)
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("slareport: error: \(error)")
        throw ExitCode(ExitStatus.failure)
    }
}

/// `1 day`, `2 days`: a count with its noun in the right number.
func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : pluralForm ?? singular + "s")"
}
