import TestSupport
import Testing

@testable import EventLog
@testable import Query

/// Date-times in named zones against Python's `datetime` and `zoneinfo` (which read the same tz
/// database): 10,000 random cases across zones with summer time (some of it in half hours), zones
/// that changed their standard offset, and the days on which clocks change — resolving a local time,
/// adding days on the clock and seconds on the time line, and the seconds between two date-times.
struct TemporalPythonTests {
    static let zones = [
        "Europe/Amsterdam", "Europe/Stockholm", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe", "Australia/Eucla",
        "Asia/Kolkata", "Pacific/Chatham", "Africa/Casablanca", "America/St_Johns", "UTC", "Asia/Tehran",
    ]

    @Test func pythonsZonesAgree() throws {
        // (The import on the string's first line, which no Swift reader takes for one.)
        let script =
            "import datetime, random, zoneinfo\n" + """
                random.seed(1818)
                zones = \(Self.zones)
                def aware(local, zone, prefer=None):
                    t0, t1 = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
                    t = t1 if prefer is not None and t1.utcoffset() == prefer else t0
                    return t.astimezone(datetime.timezone.utc).astimezone(zone)
                def numbers(t):
                    return f"{int(t.timestamp())} {int(t.utcoffset().total_seconds())}"
                utc = datetime.timezone.utc
                def changes(zone):
                    # The instants (to the minute) at which the zone's offset changed, 1970-2037.
                    found, t = [], datetime.datetime(1970, 1, 1, tzinfo=utc)
                    end = datetime.datetime(2037, 12, 31, tzinfo=utc)
                    offset = zone.utcoffset(t)
                    while t < end:
                        step = t + datetime.timedelta(hours=12)
                        if zone.utcoffset(step) != offset:
                            low, high = t, step
                            while high - low > datetime.timedelta(minutes=1):
                                middle = low + (high - low) / 2
                                if zone.utcoffset(middle) == offset: low = middle
                                else: high = middle
                            found.append(high)
                            offset = zone.utcoffset(step)
                        t = step
                    return found
                known = {name: changes(zoneinfo.ZoneInfo(name)) for name in zones}
                for i in range(10000):
                    name = random.choice(zones)
                    zone = zoneinfo.ZoneInfo(name)
                    if i % 2 == 0 and known[name]:
                        # Within two and a half hours of a change of the zone's offset.
                        change = random.choice(known[name]).astimezone(zone).replace(tzinfo=None)
                        local = (change + datetime.timedelta(minutes=random.randint(-150, 150), seconds=random.randint(0, 59))).replace(microsecond=0)
                    else:
                        local = datetime.datetime(random.randint(1900, 2100), random.randint(1, 12), random.randint(1, 28),
                                                  random.randint(0, 23), random.randint(0, 59), random.randint(0, 59))
                    start = aware(local, zone)
                    days, seconds = random.randint(-400, 400), random.randint(-200000, 200000)
                    plus_days = aware(start.replace(tzinfo=None) + datetime.timedelta(days=days), zone, start.utcoffset())
                    plus_seconds = (start.astimezone(utc) + datetime.timedelta(seconds=seconds)).astimezone(zone)
                    between = int(plus_days.timestamp() - start.timestamp())
                    print(name, local.isoformat(), days, seconds, numbers(start), numbers(plus_days), numbers(plus_seconds), between)
                """
        let lines = try pythonOutputLines(script)
        #expect(lines.count == 10_000)
        var mismatches: [String] = []
        for line in lines {
            let f = line.split(separator: " ").map(String.init)
            guard let rules = TimeZoneRules.named(f[0]), let local = LocalDateTime(iso8601: f[1]),
                let start = ZonedDateTime(local: local, zone: .named(rules)),
                let plusDays = TemporalArithmetic.add(
                    CalendarDuration(months: 0, days: Int64(f[2])!, seconds: 0, nanoseconds: 0)!, to: .dateTime(start)),
                let plusSeconds = TemporalArithmetic.add(
                    CalendarDuration(months: 0, days: 0, seconds: Int64(f[3])!, nanoseconds: 0)!, to: .dateTime(start)),
                let between = TemporalDifference.between(.dateTime(start), plusDays, unit: .seconds)
            else {
                mismatches.append("\(line): not computed")
                continue
            }
            let ours = [Self.numbers(.dateTime(start)), Self.numbers(plusDays), Self.numbers(plusSeconds), "\(between.seconds)"].joined(
                separator: " ")
            let theirs = f[4...].joined(separator: " ")
            if ours != theirs { mismatches.append("\(line) / ours: \(ours)") }
        }
        #expect(mismatches.count == 0, "\(mismatches.count) mismatches, the first: \(mismatches.prefix(3))")
    }

    /// Dates plus months and days, and the whole months and days between two dates, as Python's
    /// calendar has them (months land on the month's last day when the day is past it).
    @Test func pythonsCalendarArithmeticAgrees() throws {
        let script =
            "import datetime, random, calendar\n" + """
                random.seed(1984)
                def plus_months(d, n):
                    m = d.year * 12 + d.month - 1 + n
                    y, m = divmod(m, 12)
                    return d.replace(year=y, month=m + 1, day=min(d.day, calendar.monthrange(y, m + 1)[1]))
                for _ in range(10000):
                    d = datetime.date.fromordinal(random.randint(700000, 760000))
                    months, days = random.randint(-300, 300), random.randint(-2000, 2000)
                    e = plus_months(d, months) + datetime.timedelta(days=days)
                    print(d.isoformat(), months, days, e.isoformat(), (e - d).days)
                """
        let lines = try pythonOutputLines(script)
        #expect(lines.count == 10_000)
        var mismatches: [String] = []
        for line in lines {
            let f = line.split(separator: " ").map(String.init)
            let date = CalendarDate(iso8601: f[0])!
            let duration = CalendarDuration(months: Int64(f[1])!, days: Int64(f[2])!, seconds: 0, nanoseconds: 0)!
            let sum = TemporalArithmetic.add(duration, to: .date(date))
            let days = sum.flatMap { TemporalDifference.between(.date(date), $0, unit: .days) }
            if sum?.iso8601 != f[3] || days?.days != Int64(f[4])! {
                mismatches.append("\(line) / \(sum?.iso8601 ?? "-") \(days?.days ?? 0)")
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.count) mismatches, the first: \(mismatches.prefix(3))")
    }

    private static func numbers(_ value: TemporalValue) -> String {
        guard case .dateTime(let dateTime) = value else { return "?" }
        return "\(dateTime.epochSeconds) \(dateTime.offset.seconds)"
    }
}
