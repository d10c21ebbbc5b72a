import Testing

@testable import EventLog

/// The ISO 8601 text of each temporal kind both ways, the zones of the tz database, and temporal
/// property values through the canonical bytes the hash chain covers.
struct TemporalTextTests {
    @Test(arguments: [
        (TemporalValue.Kind.localTime, "21:40:32.142", "21:40:32.142"), (.localTime, "214032", "21:40:32"), (.localTime, "21", "21:00"),
        (.localTime, "00:00:00.000000001", "00:00:00.000000001"), (.time, "21:40-01:30", "21:40-01:30"), (.time, "2140-00:00", "21:40Z"),
        (.time, "12:34:56+02:05:59", "12:34:56+02:05:59"), (.localDateTime, "2015-W30-2T214032.142", "2015-07-21T21:40:32.142"),
        (.localDateTime, "2015202T21", "2015-07-21T21:00"),
        (.dateTime, "2015-07-21T21:40:32.142+0845[Australia/Eucla]", "2015-07-21T21:40:32.142+08:45[Australia/Eucla]"),
        (.dateTime, "2015-07-21T21:40:32.142[Europe/London]", "2015-07-21T21:40:32.142+01:00[Europe/London]"),
        (.dateTime, "2015-07-21", "2015-07-21T00:00Z"), (.duration, "P5M1.5D", "P5M1DT12H"), (.duration, "PT-1.999S", "PT-1.999S"),
        (.duration, "P2012-02-02T14:37:21.545", "P2012Y2M2DT14H37M21.545S"), (.duration, "-P1D", "P-1D"), (.duration, "PT0S", "PT0S"),
    ])
    func textReadsAndWritesBack(kind: TemporalValue.Kind, text: String, canonical: String) throws {
        let value = try #require(TemporalValue(kind, iso8601: text), "\(text)")
        #expect(value.iso8601 == canonical)
        #expect(TemporalValue(kind, iso8601: canonical) == value)
    }

    @Test(arguments: [
        (TemporalValue.Kind.localTime, "24:00"), (.localTime, "12:60"), (.localTime, "12:00:00."), (.localTime, "12:00:00.1234567891"),
        (.time, "12:00+19:00"), (.time, "12:00+"), (.dateTime, "2015-07-21T10:00[Nowhere/Place]"),
        (.dateTime, "2015-07-21T10:00[../../etc/passwd]"),
        (.dateTime, "2015-02-30T10:00"), (.duration, "P"), (.duration, "PT"), (.duration, "P1H"), (.duration, "P1D2Y"), (.duration, "1D"),
    ])
    func whatNamesNoValueIsRefused(kind: TemporalValue.Kind, text: String) {
        #expect(TemporalValue(kind, iso8601: text) == nil, "\(text)")
    }

    @Test func zonesComeFromTheTzDatabaseAndItsRules() throws {
        let amsterdam = try #require(TimeZoneRules.named("Europe/Amsterdam"))
        // 2100 is past the transitions a file lists: its POSIX rule gives summer time.
        let summer2100 = CalendarDate(year: 2100, month: 7, day: 1)!.epochDay * 86_400
        let winter2100 = CalendarDate(year: 2100, month: 1, day: 1)!.epochDay * 86_400
        #expect(amsterdam.offset(atUTC: summer2100).seconds == 7_200 && amsterdam.offset(atUTC: winter2100).seconds == 3_600)
        // 2017-03-26 02:30 does not exist in Amsterdam (clocks went 02:00 → 03:00): it reads as 03:30+02:00.
        let gap = try #require(LocalDateTime(iso8601: "2017-03-26T02:30"))
        #expect(ZonedDateTime(local: gap, zone: .named(amsterdam))?.iso8601 == "2017-03-26T03:30+02:00[Europe/Amsterdam]")
        // 2017-10-29 02:30 happened twice: the earlier offset, unless the later one is asked for.
        let overlap = try #require(LocalDateTime(iso8601: "2017-10-29T02:30"))
        #expect(ZonedDateTime(local: overlap, zone: .named(amsterdam))?.offset.seconds == 7_200)
        #expect(ZonedDateTime(local: overlap, zone: .named(amsterdam), preferring: UTCOffset(seconds: 3_600))?.offset.seconds == 3_600)
        for name in [
            "../../etc/passwd", "/etc/passwd", "Europe/../../../etc/passwd", "", ".hidden", "Europe//Amsterdam", "Europe/Amsterdam\u{0}",
        ] {
            #expect(TimeZoneRules.named(name) == nil, "\(name)")
        }
    }

    @Test func temporalPropertiesKeepTheirTypeThroughTheCanonicalBytes() throws {
        let values: [PropertyValue] = [
            .temporal(TemporalValue(.date, iso8601: "2023-05-11")!), .temporal(TemporalValue(.duration, iso8601: "P1Y6M")!),
            .list([.temporal(TemporalValue(.dateTime, iso8601: "2017-10-29T02:30+01:00[Europe/Stockholm]")!), .string("2023-05-11")]),
            // Stored under other tz data: a zone this machine does not know, an offset its data would
            // not give — read back as written.
            .temporal(
                .dateTime(
                    ZonedDateTime(
                        local: LocalDateTime(iso8601: "2030-01-01T10:00")!, offset: UTCOffset(seconds: 3_600)!, zoneName: "Mars/Olympus"))),
            .temporal(
                .dateTime(
                    ZonedDateTime(
                        local: LocalDateTime(iso8601: "2017-07-01T10:00")!, offset: UTCOffset(seconds: 3_600)!, zoneName: "Europe/Stockholm"
                    ))),
        ]
        for value in values {
            var writer = ByteWriter()
            writer.value(value)
            let decoded = try writer.bytes.withUnsafeBytes { bytes in
                var reader = ByteReader(bytes)
                return try reader.value(allowNull: false)
            }
            #expect(decoded == value)
        }
        // A stored value has one text: another form of the same value, or a zone name that is a path, is refused.
        for (kind, text) in [
            (TemporalValue.Kind.date, "20230511"), (.duration, "P18M"), (.dateTime, "2023-05-11T10:00Z[../../etc/passwd]"),
            (.dateTime, "2023-05-11T10:00"),
        ] {
            var writer = ByteWriter()
            writer.byte(7)
            writer.byte(UInt8(TemporalValue.Kind.allCases.firstIndex(of: kind)!))
            writer.string(text)
            #expect(throws: CanonicalDecodingError.self, "\(text)") {
                _ = try writer.bytes.withUnsafeBytes { bytes in
                    var reader = ByteReader(bytes)
                    return try reader.value(allowNull: false)
                }
            }
        }
    }

    /// Every property version and head column holds a property value: a temporal value fits in one
    /// without making it larger (its large kinds are boxed; a date is inline).
    @Test func aPropertyValueStaysSmall() {
        #expect(MemoryLayout<TemporalValue>.size <= 17)
        #expect(MemoryLayout<PropertyValue>.stride <= 24)
    }
}
