import Foundation
import SLAAnalytics
import Testing
import TicketIngest
import TicketModel
import TicketStore

/// The fuzz target's differential comparison (`DecoderDifferential`) over every file of
/// `Fuzz/corpus`, at the chunk sizes the target draws from and the default: the seeds the
/// fuzzer starts from must pass, or the fuzzer stops on its first input and finds nothing.
@Suite struct FuzzCorpusTests {
    static let corpus = packageRoot.appendingPathComponent("Fuzz/corpus")

    @Test func everySeedOfTheFuzzCorpusDecodesAlikeOnEveryPath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The store's raw-JSON dictionary, trained as the target trains it.
        let store = try SQLiteTicketStore(path: folder.appendingPathComponent("d.sqlite").path)
        let sample = Array(
            #"{"ticketId":"7240415100000","date":"15-04-2024 11:07","status":"Complete","priority":"low","queueKey":"VIP","queueName":"VIP Desk","primarySource":"Email","lastSource":"Email","assignedId":209828,"assignedToName":"Amit Sharma","slaStatus":"within sla","tat":"38:2:37","ftr":"yes","customer_rating":"4","total_conversations":7,"taskTitle":"Delivery delayed","url":"https://acme.kapturecrm.com/t/1"}"#
                .utf8)
        let dictionary = try store.trainRawDictionary(
            samples: Array(repeating: sample, count: RawJSONDictionary.minimumSamples))
        let options = ReportOptions(
            period: ReportPeriod(
                between: LocalDate(year: 2024, month: 4, day: 1)!, and: LocalDate(year: 2024, month: 4, day: 30)!),
            timeZone: kolkata, asOf: Date(timeIntervalSince1970: 1_714_500_000))
        let seeds = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        #expect(seeds.count >= 6)
        for seed in seeds {
            let path = Self.corpus.appendingPathComponent(seed).path
            for chunkSize in [16, 16 + 60, 1 << 20] {
                for dictionary in [dictionary, nil] {
                    let disagreement = DecoderDifferential.disagreement(
                        path: path, options: options, accountTimeZone: kolkata, dictionary: dictionary,
                        chunkSize: chunkSize)
                    #expect(disagreement == nil, "\(seed), chunks of \(chunkSize): \(disagreement ?? "")")
                }
            }
        }
    }
}
