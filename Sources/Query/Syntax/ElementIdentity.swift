// How a query names an element's identity (docs/query.md, Identity): the functions `id(x)` and
// `elementId(x)`, and the key `` `@id` `` in a pattern map, which no property can have (property names
// are identifiers). A property named `id` is an ordinary property, as in openCypher.

/// The names that stand for an element's id.
enum ElementIdentity {
    /// The pattern-map key that names the element id: ``(l:Lab {`@id`: 'lab:x'})``.
    static let key = "@id"

    /// Whether the function `name` answers an element's id (`id`, `elementId`; any case).
    static func isIdFunction(_ name: String) -> Bool {
        switch name.utf8.count {
        case 2: name.lowercased() == "id"
        case 9: name.lowercased() == "elementid"
        default: false
        }
    }
}
