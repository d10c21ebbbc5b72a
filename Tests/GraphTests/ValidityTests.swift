import EventLog
import TestSupport
import Testing

@testable import Graph

/// A view at a valid time against a direct reading of each element's valid_from and valid_until: on a
/// random history of 600 nodes and 2,000 relations whose bounds are set, corrected and removed, at the
/// head (read from the column of newest bounds), before it (read from the property versions) and after
/// a snapshot, the nodes and relationships shown are exactly those whose bounds hold — a relationship
/// only with both its ends.
struct ValidityTests {
    private static func date(_ day: Int) -> PropertyValue { .temporal(.date(CalendarDate(epochDay: Int64(18_000 + day)))) }

    /// Day `day` at `hour` UTC (a bound finer than a day, kept exactly beside the column).
    private static func dateTime(_ day: Int, hour: Int) -> PropertyValue {
        let local = LocalDateTime(date: CalendarDate(epochDay: Int64(18_000 + day)), time: LocalTime(hour: Int64(hour))!)
        return .temporal(.dateTime(ZonedDateTime(local: local, offset: .utc, zoneName: nil)))
    }

    private func history() throws -> GraphState {
        var random = SplitMix(seed: 18)
        var state = GraphState()
        var seq: UInt64 = 0
        func apply(_ body: EventBody) throws {
            seq += 1
            try state.apply(Event(body), at: seq)
        }
        /// Bounds: each end open or a day in 0..<1000, until after from.
        func bounds() -> [(String, PropertyValue)] {
            let from = random.below(1_000), until = from + 1 + random.below(400)
            var entries: [(String, PropertyValue)] = []
            // Most bounds are dates; some are date-times, and a few ends are millions of years away.
            func bound(_ day: Int) -> PropertyValue {
                switch random.below(10) {
                case 0: Self.dateTime(day, hour: random.below(24))
                case 1: .temporal(.date(CalendarDate(year: 6_000_000, month: 1, day: 1)!))
                default: Self.date(day)
                }
            }
            if random.below(3) > 0 { entries.append((ValidInstant.fromKey, Self.date(from))) }
            if random.below(3) == 0 { entries.append((ValidInstant.untilKey, bound(until))) }
            return entries
        }
        for n in 0..<600 {
            try apply(.entityCreated(id: "n:\(n)", kind: "N", properties: Properties(n % 4 == 0 ? [] : bounds()), labels: []))
        }
        for r in 0..<2_000 {
            let (a, b) = (random.below(600), random.below(600))
            try apply(.relationAdded(id: "R:\(r)", type: "R", from: "n:\(a)", to: "n:\(b)", properties: Properties(bounds())))
        }
        for _ in 0..<800 {
            // A correction: new bounds, or both removed (the element then holds always).
            let fresh = random.below(4) == 0 ? [] : bounds()
            var patch = [PatchEntry(ValidInstant.fromKey, nil), PatchEntry(ValidInstant.untilKey, nil)]
            for (key, value) in fresh {
                patch.removeAll { $0.key == key }
                patch.append(PatchEntry(key, value))
            }
            if random.below(2) == 0 {
                try apply(.entityUpdated(id: "n:\(random.below(600))", patch: PropertyPatch(patch), labels: nil))
            } else {
                try apply(.relationUpdated(id: "R:\(random.below(2_000))", patch: PropertyPatch(patch)))
            }
        }
        return state
    }

    @Test(arguments: [false, true])
    func aViewAtAValidTimeShowsWhatHeldThen(afterSnapshot: Bool) throws {
        var state = try history()
        if afterSnapshot { state = try GraphSnapshot.encode(state).withUnsafeBytes { try GraphSnapshot.decode($0) } }
        for seq in [state.head, state.head - 400, 2_600] {
            let view = state.view(at: seq)
            let instants =
                [-1, 0, 150, 500, 999, 1_500].map { ValidInstant(.date(CalendarDate(epochDay: Int64(18_000 + $0))))! }
                + [
                    ValidInstant(Self.dateTime(300, hour: 13).temporalValue!)!,
                    ValidInstant(.date(CalendarDate(year: -999_999_999, month: 1, day: 1)!))!,
                    // Past every day an entry holds: before the exact 6-million-year ends, and after them.
                    ValidInstant(.date(CalendarDate(year: 5_999_999, month: 12, day: 31)!))!,
                    ValidInstant(.date(CalendarDate(year: 999_999_999, month: 12, day: 31)!))!,
                ]
            for (day, instant) in instants.enumerated() {
                let valid = view.valid(at: instant)
                func holds(_ properties: Properties) -> Bool {
                    instant.isWithin(from: properties[ValidInstant.fromKey], until: properties[ValidInstant.untilKey])
                }
                let nodes = Set(view.nodes.filter { holds(view.properties(of: $0)) }.map(\.handle))
                #expect(Set(valid.nodes.map(\.handle)) == nodes, "seq \(seq) day \(day)")
                let relationships = view.relationships.filter {
                    holds(view.properties(of: $0)) && nodes.contains(view.start(of: $0).handle) && nodes.contains(view.end(of: $0).handle)
                }
                #expect(Set(valid.relationships.map(\.handle)) == Set(relationships.map(\.handle)), "seq \(seq) day \(day)")
                // Expansions agree with the relationships shown.
                let expanded = valid.nodes.reduce(0) { $0 + valid.countSteps(from: $1, outgoing: true, type: nil) }
                #expect(expanded == relationships.count)
            }
        }
    }
}

extension PropertyValue {
    fileprivate var temporalValue: TemporalValue? {
        if case .temporal(let value) = self { return value }
        return nil
    }
}
