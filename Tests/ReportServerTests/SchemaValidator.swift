import Foundation
import TicketModel

/// A JSON Schema (2020-12) checker for the keywords docs/summary.schema.json uses — type,
/// properties, required, additionalProperties, items, anyOf, $ref into $defs, minimum,
/// maximum, enum, pattern, maxItems, minItems, minProperties — written apart from the code that makes summaries. Unknown keywords are errors,
/// so the schema cannot grow past what is checked.
struct SchemaValidator {
    let root: JSONValue
    static let known: Set<String> = [
        "$schema", "$id", "title", "description", "type", "properties", "required", "additionalProperties", "items",
        "anyOf", "$ref", "$defs", "minimum", "maximum", "enum", "pattern", "maxItems", "minItems", "minProperties",
    ]

    init(_ data: Data) throws { root = try JSONParser.parse([UInt8](data)) }

    /// The violations of `instance`, each as a path and a reason.
    func errors(_ instance: Data) throws -> [String] {
        var out: [String] = []
        check(try JSONParser.parse([UInt8](instance)), root, "", &out)
        return out
    }

    func check(_ value: JSONValue, _ schema: JSONValue, _ at: String, _ out: inout [String]) {
        let s = Dictionary(schema.objectMembers ?? [], uniquingKeysWith: { a, _ in a })
        for key in s.keys where !Self.known.contains(key) { out.append("\(at): schema keyword \(key) unchecked") }
        if case .string(let ref)? = s["$ref"] {
            let name = String(ref.dropFirst("#/$defs/".count))
            let defs = Dictionary(
                root.objectMembers?.first { $0.key == "$defs" }?.value.objectMembers ?? [],
                uniquingKeysWith: { a, _ in a })
            guard let target = defs[name] else {
                out.append("\(at): unresolved \(ref)")
                return
            }
            check(value, target, at, &out)
        }
        if case .array(let any)? = s["anyOf"] {
            let ok = any.contains { sub in
                var e: [String] = []
                check(value, sub, at, &e)
                return e.isEmpty
            }
            if !ok { out.append("\(at): matches none of anyOf") }
        }
        if case .string(let type)? = s["type"], !Self.isType(value, type) {
            out.append("\(at): \(type) expected, found \(value)")
            return
        }
        if case .array(let allowed)? = s["enum"], !allowed.contains(value) {
            out.append("\(at): \(value) is not one of \(allowed)")
        }
        if case .string(let pattern)? = s["pattern"], case .string(let text) = value,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            out.append("\(at): '\(text)' does not match \(pattern)")
        }
        if case .number(let m)? = s["maxItems"], let max = Int(m), case .array(let items) = value, items.count > max {
            out.append("\(at): \(items.count) items > \(max)")
        }
        if case .number(let m)? = s["minItems"], let min = Int(m), case .array(let items) = value, items.count < min {
            out.append("\(at): \(items.count) items < \(min)")
        }
        if case .number(let m)? = s["minProperties"], let min = Int(m), let members = value.objectMembers,
            members.count < min
        {
            out.append("\(at): \(members.count) properties < \(min)")
        }
        if case .number(let text) = value, let n = Double(text) {
            if case .number(let m)? = s["minimum"], let min = Double(m), n < min { out.append("\(at): \(n) < \(min)") }
            if case .number(let m)? = s["maximum"], let max = Double(m), n > max { out.append("\(at): \(n) > \(max)") }
        }
        if case .object(let members) = value {
            let properties = Dictionary(s["properties"]?.objectMembers ?? [], uniquingKeysWith: { a, _ in a })
            let names = Set(members.map(\.key))
            if case .array(let required)? = s["required"] {
                for case .string(let name) in required where !names.contains(name) {
                    out.append("\(at)/\(name): required, missing")
                }
            }
            for (name, v) in members {
                if let p = properties[name] {
                    check(v, p, "\(at)/\(name)", &out)
                } else if let extra = s["additionalProperties"], case .object = extra {
                    check(v, extra, "\(at)/\(name)", &out)
                } else if s["additionalProperties"] == .bool(false) {
                    out.append("\(at)/\(name): not in the schema")
                }
            }
        }
        if case .array(let items) = value, let schema = s["items"] {
            for (i, v) in items.enumerated() { check(v, schema, "\(at)/\(i)", &out) }
        }
    }

    static func isType(_ v: JSONValue, _ type: String) -> Bool {
        switch (type, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("null", .null), ("boolean", .bool),
            ("number", .number):
            return true
        case ("integer", .number(let text)): return !text.contains(where: { ".eE".contains($0) })
        default: return false
        }
    }
}
