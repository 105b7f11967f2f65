/// Encodes an optional as an explicit JSON `null` instead of leaving the key out, so that
/// every figure of `ReportSummary` is always present for a dashboard to read.
@propertyWrapper
public struct Nullable<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes as `nil`, like a plain optional.
    public func decode<T>(_ type: Nullable<T>.Type, forKey key: Key) throws -> Nullable<T> {
        try decodeIfPresent(type, forKey: key) ?? Nullable(wrappedValue: nil)
    }
}

/// An array that a summary written before it existed lacks: a missing key decodes as empty
/// (so `render --summary` still reads an older summary); it is always encoded.
@propertyWrapper
public struct EmptyWhenAbsent<Element: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    public var wrappedValue: [Element]

    public init(wrappedValue: [Element]) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode([Element].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(wrappedValue)
    }
}

extension KeyedDecodingContainer {
    /// A missing key decodes as an empty array.
    public func decode<T>(_ type: EmptyWhenAbsent<T>.Type, forKey key: Key) throws -> EmptyWhenAbsent<T> {
        try decodeIfPresent(type, forKey: key) ?? EmptyWhenAbsent(wrappedValue: [])
    }
}
