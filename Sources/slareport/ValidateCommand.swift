import ArgumentParser
import Foundation
import ReportPipeline
import XHTMLValidation

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate XHTML files against the DTD their DOCTYPE names, offline, with libxml2.",
        discussion: """
            Bundled DTDs: XHTML 1.0 Strict and Transitional, XHTML 1.1, and XHTML 1.1 plus MathML 2.0 plus \
            SVG 1.1. Prints every error with its line and column; exits 0 when all files are valid, 65 otherwise.
            """
    )

    @Argument(help: "The files to validate.")
    var files: [String]

    @Flag(help: "Print nothing for valid files.")
    var quiet = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to validate") }
    }

    func run() async throws {
        try await reportingErrors(Self.self) {
            var invalid = 0
            for path in files {
                let result: ValidationResult
                do {
                    result = try XHTMLValidator.validate(fileAt: path)
                } catch {
                    throw PipelineError.badInput("\(path): the file cannot be read")
                }
                if result.isValid {
                    if !quiet { print("\(path): valid (\(result.publicIdentifier ?? "no public identifier"))") }
                } else {
                    invalid += 1
                    print("\(path): invalid")
                    for issue in result.errors { print("  \(path): \(issue)") }
                }
            }
            if invalid > 0 {
                throw PipelineError.badInput("\(invalid) of \(files.count) files did not validate")
            }
        }
    }
}
