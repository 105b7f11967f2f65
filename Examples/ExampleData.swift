public import Foundation

/// The example data bundled with the tool: two weeks of generated Kapture responses
/// (2024-04-08 … 2024-04-21) and a sample configuration. `slareport demo` reads them.
public enum ExampleData {
    /// The folder of saved day responses.
    public static var responsesURL: URL? { Bundle.module.url(forResource: "responses", withExtension: nil) }
    /// The sample `slareport.toml`.
    public static var configurationURL: URL? { Bundle.module.url(forResource: "slareport", withExtension: "toml") }
}
