import TestSupport
import Testing

@testable import EventLog

/// The calendar of `CalendarDate` against independent ones: a naive walk day by day, and Python's
/// `datetime.date` on random days; ISO 8601 text both ways in the forms openCypher reads.
struct CalendarDateTests {
    /// Walks 900,000 days each way from 1970-01-01 (to about 434 and 4434), stepping day, month and
    /// year by hand: each day's number, calendar and day of the week agree.
    @Test(arguments: [1, -1])
    func theCalendarIsTheOneADailyWalkGives(direction: Int64) {
        var (year, month, day): (Int64, Int64, Int64) = (1970, 1, 1)
        var dayOfWeek: Int64 = 4
        var mismatches = 0
        for epochDay in stride(from: Int64(0), through: 900_000 * direction, by: Int(direction)) {
            let date = CalendarDate(epochDay: epochDay)
            let components = date.components
            if components != (year, month, day) || date.dayOfWeek != dayOfWeek
                || CalendarDate(year: year, month: month, day: day)?.epochDay != epochDay
            {
                mismatches += 1
            }
            dayOfWeek = (dayOfWeek + 7 + direction - 1) % 7 + 1
            if direction > 0 {
                day += 1
                if day > CalendarDate.days(inMonth: month, of: year) { (day, month) = (1, month + 1) }
                if month > 12 { (month, year) = (1, year + 1) }
            } else {
                day -= 1
                if day < 1 {
                    month -= 1
                    if month < 1 { (month, year) = (12, year - 1) }
                    day = CalendarDate.days(inMonth: month, of: year)
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// 10,000 random days of years 1–9999: ISO text, ISO week, day of the week and day of the year
    /// as Python's `datetime.date` gives them.
    @Test func pythonsCalendarAgrees() throws {
        // (The import on the string's first line, which no Swift reader takes for one.)
        let script =
            "import datetime, random\n" + """
                random.seed(18)
                for _ in range(10000):
                    d = datetime.date.fromordinal(random.randint(1, datetime.date.max.toordinal()))
                    y, w, wd = d.isocalendar()
                    print(d.toordinal() - 719163, d.isoformat(), y, w, wd, d.timetuple().tm_yday)
                """
        let lines = try pythonOutputLines(script)
        #expect(lines.count == 10_000)
        var mismatches: [String] = []
        for line in lines {
            let fields = line.split(separator: " ")
            let date = CalendarDate(epochDay: Int64(fields[0])!)
            let week = date.isoWeek
            let ours = "\(date.epochDay) \(date.iso8601) \(week.weekYear) \(week.week) \(date.dayOfWeek) \(date.ordinalDay)"
            if ours != line || CalendarDate(iso8601: fields[1]) != date { mismatches.append("\(line) / \(ours)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test func theFormsOpenCypherReads() {
        let forms = [
            "2015-07-21", "20150721", "2015-W30-2", "2015W302", "2015-202", "2015202",
        ]
        for form in forms { #expect(CalendarDate(iso8601: form)?.iso8601 == "2015-07-21", "\(form)") }
        #expect(CalendarDate(iso8601: "2015-07")?.iso8601 == "2015-07-01")
        #expect(CalendarDate(iso8601: "201507")?.iso8601 == "2015-07-01")
        #expect(CalendarDate(iso8601: "2015-W30")?.iso8601 == "2015-07-20")
        #expect(CalendarDate(iso8601: "2015W30")?.iso8601 == "2015-07-20")
        #expect(CalendarDate(iso8601: "2015")?.iso8601 == "2015-01-01")
        #expect(CalendarDate(iso8601: "+999999999-12-31")?.iso8601 == "+999999999-12-31")
        #expect(CalendarDate(iso8601: "-999999999-01-01")?.iso8601 == "-999999999-01-01")
        #expect(CalendarDate(iso8601: "-0001-12-31")?.year == -1)
        #expect(CalendarDate(iso8601: "+10000-01-01")?.iso8601 == "+10000-01-01")
        #expect(CalendarDate(iso8601: "2009-W53-7")?.iso8601 == "2010-01-03")
        // A signed year alone is a year, however many of its up to nine digits (the basic forms need four).
        #expect(CalendarDate(iso8601: "+2015")?.iso8601 == "2015-01-01")
        #expect(CalendarDate(iso8601: "-2015")?.iso8601 == "-2015-01-01")
        #expect(CalendarDate(iso8601: "+20150721")?.year == 20_150_721)
        #expect(CalendarDate(iso8601: "2015-W53-1")?.iso8601 == "2015-12-28")
        #expect(CalendarDate(iso8601: "2008-12-29").map { $0.isoWeek == (2009, 1) } == true)
    }

    @Test(arguments: [
        "2023-02-30", "2024-02-30", "2023-13-01", "2023-00-10", "2023-04-31", "2015-W54", "2016-W53-1", "2015-W00",
        "2015-W30-8", "2015-366", "2015-000", "2015-7-21", "20150", "2015-07-21x", "+2015-0721", "-2015W302",
        "+1000000000-01-01", "", "W30", "2015--07", "2015-07-", "1 August", "２０１５-07-21",
    ])
    func whatNamesNoDayIsRefused(text: String) {
        #expect(CalendarDate(iso8601: text) == nil, "\(text)")
    }

    @Test func leapDaysAndTheYearsAllowed() {
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 1_000_000_000, month: 1, day: 1) == nil)
        #expect(CalendarDate(year: 2020, ordinalDay: 366)?.iso8601 == "2020-12-31")
        #expect(CalendarDate.weeks(inWeekYear: 2015) == 53 && CalendarDate.weeks(inWeekYear: 2016) == 52)
        #expect(CalendarDate(iso8601: "1816-12-30")?.dayOfWeek == 1)
        #expect(CalendarDate(iso8601: "2015-08-15")?.quarter == 3 && CalendarDate(iso8601: "2015-08-15")?.dayOfQuarter == 46)
    }

    @Test func dayNumbersFromOutsideAreCheckedBeforeTheirCalendar() {
        for days in [Int64.max, .min, CalendarDate.epochDays.upperBound + 1, CalendarDate.epochDays.lowerBound - 1] {
            #expect(CalendarDate(checkingEpochDay: days) == nil)
        }
        #expect(CalendarDate(checkingEpochDay: CalendarDate.epochDays.upperBound)?.iso8601 == "+999999999-12-31")
        #expect(CalendarDate(checkingEpochDay: CalendarDate.epochDays.lowerBound)?.iso8601 == "-999999999-01-01")
        // Week 1 of the first year allowed begins in the year before it.
        #expect(CalendarDate(weekYear: -999_999_999, week: 1, dayOfWeek: 1).map { CalendarDate.years.contains($0.year) } != false)
        #expect(CalendarDate(epochDay: 0).adding(months: 0, days: .max) == nil)
        #expect(CalendarDate(epochDay: 0).adding(months: 0, days: .min) == nil)
    }

    @Test func monthsLandOnTheLastDayWhenTheDayIsPastIt() {
        func added(_ text: String, months: Int64, days: Int64 = 0) -> String? {
            CalendarDate(iso8601: text)?.adding(months: months, days: days)?.iso8601
        }
        #expect(added("2024-01-31", months: 1) == "2024-02-29")
        #expect(added("2023-01-31", months: 1) == "2023-02-28")
        #expect(added("2024-03-31", months: -1) == "2024-02-29")
        #expect(added("2024-03-31", months: -13, days: 1) == "2023-03-01")
        #expect(added("2015-07-21", months: 0, days: -202) == "2014-12-31")
        #expect(added("+999999999-12-31", months: 0, days: 1) == nil)
        #expect(added("-999999999-01-01", months: -1) == nil)
        #expect(CalendarDate(epochDay: 0).adding(months: .max, days: 0) == nil)
    }
}
