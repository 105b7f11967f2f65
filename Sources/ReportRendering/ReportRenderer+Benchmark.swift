import Foundation
public import SLAAnalytics

extension ReportRenderer {
    /// Renders every format `runs` times with the bundled templates, timing each run; the
    /// first run in a process includes loading templates and DTDs for the first time.
    public static func benchmark(_ summary: ReportSummary, runs: Int) throws -> String {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<runs {
            let elapsed = try clock.measure {
                _ = try ReportRenderer(templates: try TemplateSet()).render(summary, formats: ReportFormat.allCases)
            }
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        let sorted = times.sorted()
        let line = String(
            format: "render+validate all formats, %d runs: first %.1f ms, median %.1f ms, min %.1f ms\n", runs,
            times[0], sorted[sorted.count / 2], sorted[0])
        return line
    }
}
