import Testing

@testable import EventLog

struct EventDecoderTests {
    private func decode(_ json: String) throws -> Event { try EventDecoder().decode(json) }

    @Test func decodesEveryEventTypeOfTheSpec() throws {
        let created = try decode(
            #"{"type":"entity.created","id":"person:carl-moons","kind":"Person","labels":["Researcher"],"props":{"name":"Carl Moons","h":42,"score":1.5,"active":true,"tags":["a",1]},"source":"https://example.org","actor":"steward","note":"why"}"#
        )
        #expect(
            created.body
                == .entityCreated(
                    id: "person:carl-moons", kind: "Person",
                    properties: Properties([("name", "Carl Moons"), ("h", 42), ("score", 1.5), ("active", true), ("tags", ["a", 1])]),
                    labels: ["Researcher"]))
        #expect(created.source == "https://example.org")
        #expect(created.actor == "steward")
        #expect(created.note == "why")

        let updated = try decode(#"{"type":"entity.updated","id":"person:carl-moons","props":{"orcid":null,"title":"Prof."}}"#)
        #expect(
            updated.body
                == .entityUpdated(
                    id: "person:carl-moons", patch: PropertyPatch([PatchEntry("orcid", nil), PatchEntry("title", "Prof.")]), labels: nil))

        let relabeled = try decode(#"{"type":"entity.updated","id":"x:1","labels":[]}"#)
        #expect(relabeled.body == .entityUpdated(id: "x:1", patch: PropertyPatch(), labels: []))

        // An entity without a kind (no labels at all), and an update taking the kind away.
        let unlabelled = try decode(#"{"type":"entity.created","id":"node:1","props":{"id":1}}"#)
        #expect(unlabelled.body == .entityCreated(id: "node:1", kind: nil, properties: Properties([("id", 1)]), labels: []))
        let unkinded = try decode(#"{"type":"entity.updated","id":"x:1","kind":null}"#)
        #expect(unkinded.body == .entityUpdated(id: "x:1", patch: PropertyPatch(), labels: nil, removesKind: true))
        var json = JSONWriter()
        json.event(unkinded)
        #expect(try decode(json.string) == unkinded && json.string.contains(#""kind":null"#))

        #expect(try decode(#"{"type":"entity.retired","id":"x:1"}"#).body == .entityRetired(id: "x:1"))
        #expect(try decode(#"{"type":"relation.removed","id":"r:1"}"#).body == .relationRemoved(id: "r:1"))
        #expect(
            try decode(#"{"type":"relation.updated","id":"r:1","props":{"role":"Lead"}}"#).body
                == .relationUpdated(id: "r:1", patch: PropertyPatch([PatchEntry("role", "Lead")])))

        let schema = try decode(
            #"{"type":"schema.defined","id":"schema:x","props":{"kinds":["Person","Lab"],"relations":[{"rel":"MEMBER_OF","from":["Person"],"to":["Lab"]}]}}"#
        )
        #expect(
            schema.body
                == .schemaDefined(
                    id: "schema:x",
                    schema: Schema(kinds: ["Person", "Lab"], relations: [.init(type: "MEMBER_OF", from: ["Person"], to: ["Lab"])])))
    }

    @Test func aRelationWithoutAnIDGetsRelFromTo() throws {
        let event = try decode(
            #"{"type":"relation.added","rel":"COORDINATES","from":"person:carl-moons","to":"prog:health-ai-labs","props":{"role":"Coordinator"}}"#
        )
        #expect(event.id == "COORDINATES:person:carl-moons->prog:health-ai-labs")
        let explicit = try decode(#"{"type":"relation.added","id":"r:7","rel":"KNOWS","from":"a:1","to":"a:2"}"#)
        #expect(explicit.body == .relationAdded(id: "r:7", type: "KNOWS", from: "a:1", to: "a:2", properties: Properties()))
    }

    @Test func escapedKeysAndTypesAreRecognized() throws {
        let event = try decode(#"{"\u0074ype":"entity.\u0072etired","\u0069d":"a:1"}"#)
        #expect(event.body == .entityRetired(id: "a:1"))
    }

    @Test func fieldOrderDoesNotMatterEvenForProps() throws {
        let late = try decode(#"{"props":{"x":null},"id":"e:1","type":"entity.updated"}"#)
        #expect(late.body == .entityUpdated(id: "e:1", patch: PropertyPatch([PatchEntry("x", nil)]), labels: nil))
    }

    @Test func escapesAndUnicodeDecode() throws {
        let event = try decode(
            #"{"type":"entity.created","id":"p:é","kind":"Person","props":{"name":"Ro\u00eblle \"R\" de Koning\n","emoji":"\ud83d\ude00"}}"#
        )
        guard case .entityCreated(let id, _, let properties, _) = event.body else {
            Issue.record("wrong type")
            return
        }
        #expect(id == "p:é")
        #expect(properties["name"] == .string("Roëlle \"R\" de Koning\n"))
        #expect(properties["emoji"] == .string("😀"))
    }

    /// Bad events, the field the error names, and a phrase of its message.
    static let rejected: [(String, String?, String)] = [
        (#"{"type":"entity.created","id":"a:1","kind":"A","seq":3}"#, "seq", "assigned by the log"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","recorded_at":"2026-01-01T00:00:00Z"}"#, "recorded_at", "assigned by the log"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","hash":"00"}"#, "hash", "assigned by the log"),
        (#"{"type":"entity.exploded","id":"a:1"}"#, "type", "unknown event type 'entity.exploded'"),
        (#"{"type":"entity.createx","id":"a:1"}"#, "type", "unknown event type 'entity.createx'"),
        (#"{"type":"relation.addex","id":"a:1"}"#, "type", "unknown event type 'relation.addex'"),
        (#"{"type":"schema.defined!","id":"a:1"}"#, "type", "unknown event type"),
        (#"{"type":"Entity.created","id":"a:1"}"#, "type", "unknown event type"),
        (#"{"type":"","id":"a:1"}"#, "type", "unknown event type ''"),
        (#"{"type":"entity.created","idx":"a:1","kind":"A"}"#, "idx", "unknown field"),
        (#"{"type":"entity.created","ID":"a:1","kind":"A"}"#, "ID", "unknown field"),
        (#"{"id":"a:1","kind":"A"}"#, "type", "is required"),
        (#"{"type":"entity.created","kind":"A"}"#, "id", "is required"),
        (#"{"type":"entity.created","id":"","kind":"A"}"#, "id", "must not be empty"),
        (#"{"type":"entity.created","id":"a:1\u0007","kind":"A"}"#, "id", "control characters"),
        (#"{"type":"entity.created","id":7,"kind":"A"}"#, "id", "must be a string"),
        (#"{"type":"entity.created","id":"a:1","kind":null}"#, "kind", "must be a string, or absent"),
        (#"{"type":"entity.created","id":"a:1","kind":"Research Group"}"#, "kind", "not a name"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"x":{"y":1}}}"#, "props.x", "nested objects"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"x":[[1]]}}"#, "props.x[0]", "lists may not nest"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"x":null}}"#, "props.x", "null is only allowed in an update"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"x":[1,null]}}"#, "props.x[1]", "may not hold null"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"2x":1}}"#, "props.2x", "not a property name"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"x":1,"x":2}}"#, "props.x", "appears twice"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"n":9223372036854775808}}"#, nil, "does not fit in 64 bits"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"n":1e999}}"#, nil, "out of the range"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":[1]}"#, "props", "must be an object"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","labels":["A"]}"#, "labels[0]", "repeats the kind"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","labels":["B","B"]}"#, "labels[1]", "appears twice"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","labels":"B"}"#, "labels", "must be a list of names"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","colour":"red"}"#, "colour", "unknown field"),
        (#"{"type":"entity.created","id":"a:1","id":"a:2","kind":"A"}"#, "id", "appears twice"),
        (#"{"type":"entity.updated","id":"a:1","kind":"A"}"#, "kind", "can only be null here"),
        (#"{"type":"entity.retired","id":"a:1","props":{}}"#, "props", "is not a field of entity.retired"),
        (#"{"type":"relation.added","from":"a:1","to":"a:2"}"#, "rel", "is required"),
        (#"{"type":"relation.added","rel":"R","to":"a:2"}"#, "from", "is required"),
        (#"{"type":"relation.updated","id":"r:1"}"#, "props", "is required"),
        (
            #"{"type":"schema.defined","props":{"kinds":["A"],"relations":[{"rel":"R","from":["A"],"to":["B"]}]}}"#,
            "props.relations[0].to", "kind 'B' is not in props.kinds"
        ),
        (#"{"type":"schema.defined","props":{"relations":[]}}"#, "props.kinds", "is required"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","source":5}"#, "source", "must be a string"),
    ]

    @Test(arguments: rejected)
    func rejectsWithTheFieldAndWhy(json: String, field: String?, phrase: String) {
        #expect {
            _ = try decode(json)
        } throws: { error in
            guard let error = error as? EventInputError else { return false }
            return error.field == field && error.message.contains(phrase)
        }
    }

    @Test func aThreeHundredByteIDIsRejected() {
        let id = String(repeating: "x", count: 300)
        let error = #expect(throws: EventInputError.self) {
            _ = try decode(#"{"type":"entity.created","id":"\#(id)","kind":"A"}"#)
        }
        #expect(error?.field == "id")
        #expect(error?.message.contains("300 bytes") == true)
        #expect(error?.column == 31)
    }

    /// Malformed JSON and where the error points.
    static let malformed: [(String, Int, String)] = [
        (#"{"type":"entity.created","id":"a:1""#, 36, "unterminated object"),
        (#"{"type":"entity.created" "id":"a:1"}"#, 26, "expected ',' or '}'"),
        (#"["type"]"#, 1, "expected '{'"),
        (#"{"type":"entity.created","id":"a:1","kind":"A"} x"#, 49, "after the end"),
        (#"{"type":"entity.created","id":"a:1\q","kind":"A"}"#, 35, "invalid escape"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"b":tru}}"#, 61, "expected 'true'"),
        (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"n":01}}"#, 61, "leading zero"),
        ("", 1, "expected '{'"),
    ]

    @Test(arguments: malformed)
    func malformedJSONPointsAtTheColumn(json: String, column: Int, phrase: String) {
        let error = #expect(throws: EventInputError.self) { _ = try decode(json) }
        #expect(error?.column == column)
        #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "")")
        #expect(error?.message.hasPrefix("invalid JSON") == true)
    }

    @Test func invalidUTF8IsRejected() {
        var bytes = Array(#"{"type":"entity.created","id":"a:"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#"","kind":"A"}"#.utf8)
        let error = bytes.withUnsafeBytes { raw in
            #expect(throws: EventInputError.self) { _ = try EventDecoder().decode(raw) }
        }
        #expect(error?.message.contains("not valid UTF-8") == true)
    }
}
