public import Foundation

/// The report templates shipped with the tool (`Templates/` in the repository).
/// `--templates DIR` overrides any of them by file name.
public enum ReportTemplates {
    /// The folder holding `html/`, `xhtml/` and `text/`.
    public static var directory: URL? { Bundle.module.resourceURL }
}
