import ArgumentParser
import Foundation
import ReportPipeline
import TicketModel

/// The exit codes `slareport` documents (README, "Exit codes"), all from the one table
/// `PipelineError.Kind.presentation` that the server's statuses come from too.
enum ExitStatus {
    /// A kind of failure's exit code, the same in every command.
    static func code(for kind: PipelineError.Kind) -> Int32 { kind.presentation.exitCode }
}

/// Prints a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Runs a command body, turning every failure into one line on stderr and its exit code
/// (the one place errors become words and codes). A bad option value also prints the usage
/// of the command it was given to.
func reportingErrors<Command: ParsableCommand>(_ command: Command.Type, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as PipelineError {
        printError("slareport: error: \(error.message)")
        if error.kind == .usage { printError(command.usageString()) }
        throw ExitCode(ExitStatus.code(for: error.kind))
    } catch let error as InputError {
        printError("slareport: error: \(error.description)")
        throw ExitCode(ExitStatus.code(for: .badInput))
    } catch let error as ValidationError {
        printError("slareport: error: \(error.message)")
        printError(command.usageString())
        throw ExitCode(ExitStatus.code(for: .usage))
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("slareport: error: \(error)")
        throw ExitCode(ExitStatus.code(for: .failure))
    }
}

extension ParsableCommand {
    /// `Usage: slareport report …` and where to find help, for a usage error of this command.
    static func usageString() -> String {
        let usage = SLAReport.usageString(for: self).trimmingCharacters(in: .whitespacesAndNewlines)
        return "Usage: \(usage)\n  See 'slareport \(configuration.commandName ?? "") --help' for more information."
    }
}

/// Loads the configuration and shows what it ignored.
func loadConfiguration(_ path: String?) throws(PipelineError) -> Configuration {
    let configuration = try Configuration.load(explicit: path)
    for warning in configuration.warnings { printError("slareport: warning: \(warning)") }
    return configuration
}

/// How the commands' `--store` help names the default.
let storeHelp = "a SQLite file or a postgres:// URL (default: [store] url in config, else slareport.sqlite)"
