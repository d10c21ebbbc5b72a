import Testing

@testable import EventLog

struct TimestampTests {
    static let parsed: [(String, Int64)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T00:00:00.001Z", 1),
        ("2026-11-27T12:00:00.123Z", 1_795_780_800_123),
        ("2026-11-27T13:00:00.123+01:00", 1_795_780_800_123),
        ("2026-11-27t12:00:00.123456z", 1_795_780_800_123),
        ("2026-11-27 12:00:00Z", 1_795_780_800_000),
        ("2024-02-29", 1_709_164_800_000),
        ("1969-12-31T23:59:59.999Z", -1),
    ]

    @Test(arguments: parsed)
    func parsesRFC3339(text: String, milliseconds: Int64) {
        #expect(Timestamp(rfc3339: text)?.milliseconds == milliseconds)
    }

    @Test(arguments: [
        "", "2026-13-01", "2023-02-29", "2026-11-27T24:00:00Z", "2026-11-27T12:00:00", "2026-11-27T12:00Z",
        "2026-11-27T12:00:00.Z", "2026-11-27T12:00:00+0100", "yesterday", "2026-11-27T12:00:00Zjunk",
    ])
    func rejectsWhatIsNotRFC3339(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test(arguments: [Int64(0), 1, -1, 1_795_780_800_123, 253_402_300_799_999, 951_782_400_000])
    func formattingRoundTrips(milliseconds: Int64) {
        let time = Timestamp(milliseconds: milliseconds)
        #expect(time.rfc3339.count == 24)
        #expect(Timestamp(rfc3339: time.rfc3339) == time)
    }

    @Test func formatsWithMillisecondsInUTC() {
        #expect(Timestamp(milliseconds: 1_795_780_800_123).rfc3339 == "2026-11-27T12:00:00.123Z")
        #expect(Timestamp(milliseconds: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
    }
}
