// The canonical byte encoding of an event: what the log stores and what the hash chain covers.
// One event has exactly one encoding: properties sorted by key bytes, no key twice, minimal varints,
// no trailing bytes. The decoder rejects anything else, so a stored record that decodes is canonical.
//
//   record   := version:u8(=1) recorded_at:i64be type:u8 envelope:u8 [actor:str] [source:str] [note:str] body
//   envelope := bit 0 actor present, bit 1 source present, bit 2 note present
//   body     := per type, see CanonicalEncoder.encodeBody
//   str      := len:varint utf8-bytes
//   props    := n:varint (key:str value)*            patch := n:varint (key:str value-or-null)*
//   value    := 0 null | 1 str | 2 zigzag-varint int | 3 f64be | 4 false | 5 true | 6 n:varint value*
//
// Documented for third parties in docs/events.md ("Canonical encoding"); changing it is a format bump.

/// Constants of the canonical encoding.
enum CanonicalFormat {
    static let version: UInt8 = 1

    static func code(of type: EventType) -> UInt8 {
        switch type {
        case .entityCreated: 1
        case .entityUpdated: 2
        case .entityRetired: 3
        case .relationAdded: 4
        case .relationUpdated: 5
        case .relationRemoved: 6
        case .schemaDefined: 7
        case .entityErased: 8
        }
    }

    enum ValueTag {
        static let null: UInt8 = 0, string: UInt8 = 1, integer: UInt8 = 2, float: UInt8 = 3
        static let falseValue: UInt8 = 4, trueValue: UInt8 = 5, list: UInt8 = 6
        /// A temporal value: its kind's index in `TemporalValue.Kind.allCases`, then its ISO 8601 text.
        static let temporal: UInt8 = 7
    }

    enum Envelope {
        static let actor: UInt8 = 1, source: UInt8 = 2, note: UInt8 = 4
    }

    enum UpdateFields {
        static let labels: UInt8 = 1
        static let removesKind: UInt8 = 2
        static let all: UInt8 = labels | removesKind
    }
}
