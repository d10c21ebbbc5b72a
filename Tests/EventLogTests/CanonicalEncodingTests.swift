import Testing

@testable import EventLog

struct CanonicalEncodingTests {
    static let samples: [Event] = [
        Event(
            .entityCreated(
                id: "person:carl-moons", kind: "Person",
                properties: Properties([("name", "Carl Moons"), ("n", -7), ("x", 2.5), ("ok", false), ("tags", ["a", 1, 1.5, true])]),
                labels: ["Researcher"]),
            actor: "steward", source: "https://example.org", note: "why"),
        Event(.entityUpdated(id: "p:1", patch: PropertyPatch([PatchEntry("gone", nil), PatchEntry("title", "Prof.")]), labels: nil)),
        Event(.entityUpdated(id: "p:1", patch: PropertyPatch(), labels: [])),
        Event(.entityUpdated(id: "p:1", patch: PropertyPatch(), labels: nil, removesKind: true)),
        Event(.entityUpdated(id: "p:1", patch: PropertyPatch([PatchEntry("a", 1)]), labels: ["Kind"], removesKind: true)),
        Event(.entityCreated(id: "node:1", kind: nil, properties: Properties([("id", 1)]), labels: [])),
        Event(.entityRetired(id: "p:1"), note: "left"),
        Event(.relationAdded(id: "R:a->b", type: "R", from: "a", to: "b", properties: Properties([("since", "2023-05-11")]))),
        Event(.relationUpdated(id: "R:a->b", patch: PropertyPatch([PatchEntry("since", nil)]))),
        Event(.relationRemoved(id: "R:a->b")),
        Event(
            .schemaDefined(id: "schema", schema: Schema(kinds: ["A", "B"], relations: [.init(type: "R", from: ["A"], to: ["B", "A"])]))),
        Event(
            .entityCreated(
                id: "n:big", kind: "N", properties: Properties([("min", .integer(.min)), ("max", .integer(.max)), ("neg0", -0.0)]),
                labels: [])),
    ]

    @Test(arguments: samples)
    func decodeInvertsEncodeAndReencodingIsIdentical(event: Event) throws {
        let time = Timestamp(milliseconds: 1_780_000_000_123)
        let bytes = CanonicalEncoder().encode(event, recordedAt: time)
        let (decoded, decodedTime) = try bytes.withUnsafeBytes { try CanonicalDecoder().decode($0) }
        #expect(decoded == event)
        #expect(decodedTime == time)
        #expect(CanonicalEncoder().encode(decoded, recordedAt: decodedTime) == bytes)
    }

    @Test func propertyOrderInTheInputDoesNotChangeTheBytes() throws {
        let a = try EventDecoder().decode(#"{"type":"entity.created","id":"a:1","kind":"A","props":{"b":1,"a":2}}"#)
        let b = try EventDecoder().decode(#"{"kind":"A","props":{"a":2,"b":1},"id":"a:1","type":"entity.created"}"#)
        let time = Timestamp(milliseconds: 0)
        #expect(CanonicalEncoder().encode(a, recordedAt: time) == CanonicalEncoder().encode(b, recordedAt: time))
    }

    /// The format is a contract (the hash chain covers it): this encoding must never change.
    @Test func theEncodingIsStable() {
        let event = Event(
            .relationAdded(id: "R:a->b", type: "R", from: "a", to: "b", properties: Properties([("n", 1), ("s", "x")])), source: "u")
        let bytes = CanonicalEncoder().encode(event, recordedAt: Timestamp(milliseconds: 1_000))
        let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        #expect(
            hex == "01" + "00000000000003e8" + "04" + "02" + "0175" + "06523a612d3e62" + "0152" + "0161" + "0162" + "02" + "016e" + "0202"
                + "0173" + "010178")
        let hash = HashChain.link(previous: .genesis, seq: 1, record: bytes)
        #expect(hash.hex.count == 64)
        #expect(hash == HashChain.link(previous: .genesis, seq: 1, record: bytes))
        #expect(hash != HashChain.link(previous: .genesis, seq: 2, record: bytes))
    }

    /// Damaged records, each with the reason the strict decoder gives.
    static let damaged: [([UInt8], String)] = [
        ([2], "unknown record format version 2"),
        ([1, 0, 0, 0], "record ends early"),
        ([1, 0, 0, 0, 0, 0, 0, 0, 0, 99, 0], "unknown event type code 99"),
        ([1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 1, 0x61, 0], "trailing bytes"),
        ([1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x81, 0x00], "varint is not minimal"),
        ([1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 2, 0xC3, 0x28], "not valid UTF-8"),
        // props with keys "b" then "a": out of order.
        ([1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 1, 0x72, 2, 1, 0x62, 5, 1, 0x61, 5], "not in strictly increasing order"),
    ]

    @Test(arguments: damaged)
    func theDecoderRejectsNonCanonicalRecords(bytes: [UInt8], reason: String) {
        let error = bytes.withUnsafeBytes { raw in
            #expect(throws: CanonicalDecodingError.self) { _ = try CanonicalDecoder().decode(raw) }
        }
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }
}
