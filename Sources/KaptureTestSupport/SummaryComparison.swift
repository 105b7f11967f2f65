public import SLAAnalytics

extension ReportSummary {
    /// The summary with `provenance.inputs` blanked, for comparing the summaries of the same
    /// tickets read in different ways (files, a store, tickets handed over in memory), whose
    /// input digests differ by design (docs/METRICS.md, "Provenance").
    public var ignoringInputDigest: ReportSummary {
        var s = self
        s.provenance.inputs = InputDigest(source: "", sha256: nil, count: 0)
        return s
    }
}
