// The @context of the JSON-LD export: what Kennis's kinds, relation types and property names mean in
// schema.org where schema.org has the term — a Person is schema:Person, MEMBER_OF is schema:memberOf,
// AUTHORED is schema:author read backwards — and, for everything else, a term of Kennis's own
// vocabulary (`@vocab`), so that every label, type and key is an IRI. A term is mapped only where its
// schema.org meaning is the meaning it has here; a near miss stays in Kennis's vocabulary.

/// The JSON-LD context of an export.
enum JSONLDContext {
    /// Kennis's own vocabulary: the IRI every unmapped name is appended to.
    static let vocabulary = "urn:kennis:vocab:"

    /// Kinds and labels that are schema.org classes.
    static let classes: [String: String] = [
        "Person": "schema:Person",
        "Institution": "schema:Organization",
        "Lab": "schema:ResearchOrganization",
        "Project": "schema:ResearchProject",
        "Tool": "schema:SoftwareApplication",
        "Guideline": "schema:CreativeWork",
    ]

    /// A relation type as a schema.org property: the property, and whether it runs from the relation's
    /// end to its start (`AUTHORED` from a person is `schema:author` of the work).
    static let relations: [String: (property: String, reversed: Bool)] = [
        "MEMBER_OF": ("schema:memberOf", false),
        "AFFILIATED_WITH": ("schema:affiliation", false),
        "FUNDED_BY": ("schema:funder", false),
        "FOUNDED": ("schema:founder", true),
        "AUTHORED": ("schema:author", true),
        "CONTRIBUTED_TO": ("schema:contributor", true),
        "DEVELOPED": ("schema:creator", true),
    ]

    /// Property names that are schema.org properties.
    static let properties: [String: String] = [
        "name": "schema:name",
        "description": "schema:description",
        "aliases": "schema:alternateName",
        "position": "schema:jobTitle",
        "website": "schema:url",
    ]

    /// The context object's text: prefixes, `@vocab`, and the mapped terms.
    static func text() -> String {
        var json = JSONWriter()
        json.beginObject()
        for (key, value) in [
            ("@vocab", vocabulary), ("schema", "https://schema.org/"), ("prov", "http://www.w3.org/ns/prov#"),
            ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"), ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ] {
            json.key(key)
            json.string(value)
        }
        for (term, iri) in classes.sorted(by: { $0.key < $1.key }) {
            json.key(term)
            json.string(iri)
        }
        for (term, iri) in properties.sorted(by: { $0.key < $1.key }) {
            json.key(term)
            json.string(iri)
        }
        for (term, mapping) in relations.sorted(by: { $0.key < $1.key }) {
            json.key(term)
            json.beginObject()
            json.key(mapping.reversed ? "@reverse" : "@id")
            json.string(mapping.property)
            json.key("@type")
            json.string("@id")
            json.endObject()
        }
        json.endObject()
        return json.string
    }

    /// The prefixes the context defines.
    static let prefixes = ["schema", "prov", "rdf", "xsd"]

    /// The key a property takes: its own name, unless the context gives that name another meaning (a
    /// class, a relation, a prefix), when it is written as its full IRI in Kennis's vocabulary.
    static func propertyKey(_ name: String) -> String {
        if properties[name] != nil { return name }
        return classes[name] != nil || relations[name] != nil || prefixes.contains(name) ? vocabulary + name : name
    }

    /// The key a relation type's links take, by the same rule.
    static func relationKey(_ type: String) -> String {
        if relations[type] != nil { return type }
        return classes[type] != nil || properties[type] != nil || prefixes.contains(type) ? vocabulary + type : type
    }

    /// The IRI a relation type's statements name as their predicate, and whether it is reversed.
    static func predicate(of type: String) -> (iri: String, reversed: Bool) {
        guard let mapping = relations[type] else { return (vocabulary + type, false) }
        return ("https://schema.org/" + mapping.property.dropFirst("schema:".count), mapping.reversed)
    }

    /// The predicates of relation types met so far, each worked out once per export.
    struct Predicates {
        private var known: [String: (iri: String, reversed: Bool)] = [:]

        mutating func of(_ type: String) -> (iri: String, reversed: Bool) {
            if let predicate = known[type] { return predicate }
            let predicate = JSONLDContext.predicate(of: type)
            known[type] = predicate
            return predicate
        }
    }
}
