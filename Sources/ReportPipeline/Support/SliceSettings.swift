public import SLAAnalytics
internal import TOMLKit

extension Configuration {
    /// A value that may be one string or an array of strings, as an array; `nil` for anything else.
    static func strings(_ x: (any TOMLValueConvertible)?) -> [String]? {
        if let s = x?.string { return [s] }
        guard let array = x?.array else { return nil }
        let list = array.compactMap { $0.string }
        return list.count == array.count ? list : nil
    }

    /// The `[[slice]]` named `name`.
    public func slice(named name: String) -> TicketSlice? { slices.first { $0.name == name } }

    /// `[[slice]]` tables: `name` (letters, digits, `-` and `_`: it goes into URLs), an
    /// optional `title`, and `where`, a table of fields each with a value or an array of them.
    static func parseSlices(_ value: any TOMLValueConvertible, path: String) throws(PipelineError) -> [TicketSlice] {
        guard let entries = value.array else {
            throw .usage("\(path): slice must be an array of tables ([[slice]])")
        }
        var slices: [TicketSlice] = []
        for (i, entry) in entries.enumerated() {
            let at = "\(path): slice[\(i + 1)]"
            guard let t = entry.table else { throw .usage("\(at) must be a table ([[slice]])") }
            for key in t.keys where !["name", "title", "where"].contains(key) {
                throw .usage("\(at): unknown key '\(key)'; a slice has name, title and where")
            }
            guard let name = t["name"]?.string, SliceSelection.isName(name) else {
                throw .usage("\(at).name must be a name of letters, digits, '-' and '_' (at most 64)")
            }
            guard !slices.contains(where: { $0.name == name }) else {
                throw .usage("\(at).name: the slice '\(name)' is named twice")
            }
            var title: String?
            if let x = t["title"] {
                guard let s = x.string, !s.isEmpty, !PeriodSelection.holdsControlCharacter(s) else {
                    throw .usage("\(at).title must be a one-line string")
                }
                title = s
            }
            guard let filterTable = t["where"]?.table else {
                throw .usage("\(at).where must be a table of fields, such as where = { queue = [\"Billing\"] }")
            }
            var filter: [TicketSlice.Field: [String]] = [:]
            for key in filterTable.keys {
                guard let field = TicketSlice.Field(rawValue: key) else {
                    throw .usage(
                        "\(at).where.\(key) is not a field a slice filters on; the fields are \(SliceSelection.fieldList)"
                    )
                }
                guard let list = strings(filterTable[key]) else {
                    throw .usage("\(at).where.\(key) must be a string or an array of strings")
                }
                filter[field] = list
            }
            do {
                slices.append(try TicketSlice(name: name, title: title, filter: filter))
            } catch {
                throw .usage("\(at).where: \(error.description)")
            }
        }
        return slices
    }
}

/// The slice a user asked for, before it is resolved: a `[[slice]]` name, or a filter given
/// inline (`--where FIELD=V1,V2` clauses on the command line; one value per query parameter
/// in a URL). The one place either becomes a `TicketSlice`.
public struct SliceSelection: Sendable {
    /// `--slice NAME` / `slice=NAME`.
    public var name: String?
    /// `--where` clauses, `FIELD=V1,V2`.
    public var clauses: [String]
    /// Query parameters, one value each (`queue=Billing&queue=Returns`).
    public var values: [(field: TicketSlice.Field, value: String)]

    public init(name: String? = nil, clauses: [String] = [], values: [(field: TicketSlice.Field, value: String)] = []) {
        self.name = name
        self.clauses = clauses
        self.values = values
    }

    static var fieldList: String { TicketSlice.Field.allCases.map(\.rawValue).joined(separator: ", ") }

    /// A `[[slice]]` name: 1…64 ASCII letters, digits, `-`, `_`.
    public static func isName(_ s: String) -> Bool {
        (1...64).contains(s.utf8.count)
            && s.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D
                    || c == 0x5F
            }
    }

    /// The slice selected, `nil` for every ticket. `nameParameter` is how the front end
    /// spells the name in messages (`--slice`, `slice`); a message about a filter starts
    /// with `--where` for clauses, and with the field for query values.
    public func resolve(configuration: Configuration, nameParameter: String = "--slice") throws(PipelineError)
        -> TicketSlice?
    {
        let filterName = clauses.isEmpty ? "a filter field" : "--where"
        if let name {
            guard clauses.isEmpty && values.isEmpty else {
                throw .usage("\(nameParameter) cannot be combined with \(filterName): a named slice has its filter")
            }
            guard let slice = configuration.slice(named: name) else {
                let known = configuration.slices.compactMap(\.name)
                throw .usage(
                    "\(nameParameter): '\(PeriodSelection.shown(name))' is not a [[slice]] of the configuration"
                        + (known.isEmpty ? " (it names none)" : "; it names \(known.joined(separator: ", "))"))
            }
            return slice
        }
        guard !clauses.isEmpty || !values.isEmpty else { return nil }
        do {
            var filter = clauses.isEmpty ? [:] : try TicketSlice.parse(clauses: clauses).filter
            for (field, value) in values { filter[field, default: []].append(value) }
            return try TicketSlice(filter: filter)
        } catch {
            throw .usage(clauses.isEmpty ? error.description : "--where: \(error.description)")
        }
    }
}
