import EventLog
import Graph
import Testing

@testable import Query

/// `date` values in Cypher: made from strings, maps and other dates, read field by field, compared,
/// ordered, grouped and written out; and refused, with where and why, where they cannot be.
struct DateValueTests {
    private func run(_ text: String) throws -> [[Value]] {
        try Executor(view: GraphState().current).run(Parser.parse(text)).rows
    }

    private func one(_ text: String) throws -> String { "\(try run(text)[0][0])" }

    private func text(_ value: Value) -> String { "\(value)" }

    private func error(_ text: String) -> QueryError? {
        #expect(throws: QueryError.self) { try run(text) }
    }

    @Test(arguments: [
        ("date('2015-07-21')", "2015-07-21"), ("date('2015W302')", "2015-07-21"), ("date('2015-202')", "2015-07-21"),
        ("date({year: 2015, month: 7, day: 21})", "2015-07-21"), ("date({year: 1984, week: 10, dayOfWeek: 3})", "1984-03-07"),
        ("date({year: 1984, ordinalDay: 202})", "1984-07-20"), ("date({year: 1984, quarter: 3, dayOfQuarter: 45})", "1984-08-14"),
        ("date({year: 1984})", "1984-01-01"), ("date({year: 1984, month: 2})", "1984-02-01"),
        ("date({date: date('1816-12-30'), week: 2, dayOfWeek: 3})", "1817-01-08"),
        ("date({date: date('1816-12-31'), year: 1817, week: 2})", "1817-01-07"),
        ("date({date: date('2015-07-21'), day: 1})", "2015-07-01"), ("date(date('2015-07-21'))", "2015-07-21"),
        ("date('+999999999-12-31')", "+999999999-12-31"), ("date('-0044-03-15')", "-0044-03-15"),
    ])
    func datesAreMadeFromWhatNamesThem(expression: String, iso: String) throws {
        let value = try run("RETURN \(expression) AS d")[0][0]
        guard case .temporal(.date(let date)) = value else {
            Issue.record("\(expression) gave \(value)")
            return
        }
        #expect(date.iso8601 == iso, "\(expression)")
        #expect(try one("RETURN toString(\(expression)) AS d") == text(.string(iso)))
    }

    @Test func fieldsReadAsOpenCypherNamesThem() throws {
        let row = try run(
            "WITH date('2015-07-21') AS d RETURN d.year, d.quarter, d.month, d.week, d.weekYear, d.day, d.ordinalDay, d.dayOfWeek, d.dayOfQuarter"
        )[0]
        #expect(row.map(text) == [2015, 3, 7, 30, 2015, 21, 202, 2, 21].map { text(.integer($0)) })
        #expect(try one("RETURN date('2010-01-03').weekYear AS y") == text(.integer(2009)))
        #expect(error("RETURN date('2015-07-21').hour AS h")?.detail == .invalidArgumentValue)
    }

    @Test func datesCompareOrderAndGroup() throws {
        #expect(try one("RETURN date('2015-07-21') = date('2015-W30-2') AS same") == text(.boolean(true)))
        #expect(try one("RETURN date('2015-07-21') < date('2015-07-22') AS before") == text(.boolean(true)))
        #expect(try one("RETURN date('2015-07-21') < '2015-07-22' AS mixed") == text(.null))
        #expect(try one("RETURN date('2015-07-21') = '2015-07-21' AS typed") == text(.boolean(false)))
        let ordered = try run("UNWIND [date('2020-01-01'), 'a', date('1999-12-31'), 3] AS v RETURN v ORDER BY v")
        let expected: [Value] = [
            .temporal(.date(CalendarDate(iso8601: "1999-12-31")!)), .temporal(.date(CalendarDate(iso8601: "2020-01-01")!)), .string("a"),
            .integer(3),
        ]
        #expect(ordered.map { text($0[0]) } == expected.map(text))
        #expect(
            try one("UNWIND [date('2020-01-01'), date('2020-W01-3'), date('2020-01-02')] AS d RETURN count(DISTINCT d) AS n")
                == text(.integer(2)))
        #expect(
            try one("UNWIND [date('2020-01-01'), date('2021-01-01')] AS d RETURN max(d) AS latest")
                == text(.temporal(.date(CalendarDate(iso8601: "2021-01-01")!))))
    }

    @Test(arguments: [
        ("RETURN date('2023-02-30')", QueryError.Code.argumentError), ("RETURN date('1 August')", .argumentError),
        ("RETURN date({year: 2015, day: 3})", .argumentError), ("RETURN date({month: 3})", .argumentError),
        ("RETURN date({year: 2015, month: 2, week: 3})", .argumentError), ("RETURN date({year: 2015, hour: 3})", .argumentError),
        ("RETURN date({year: '2015'})", .typeError), ("RETURN date(20150721)", .typeError),
        ("RETURN date('2015-07-21', '2015')", .semanticError),
    ])
    func whatNamesNoDateIsAnError(text: String, code: QueryError.Code) {
        #expect(error(text)?.code == code, "\(text)")
    }

    @Test func aDateIsStoredAsADate() throws {
        let writes = GraphWrites(base: GraphState(), actor: "tester")
        _ = try Executor(writing: writes).run(Parser.parse("CREATE (:Lab {opened: date('2023-05-11'), days: [date('2023-05-11')]})"))
        let result = try Executor(writing: writes).run(
            Parser.parse("MATCH (l:Lab) RETURN l.opened AS opened, l.days[0] > date('2000-01-01') AS later"))
        #expect(result.rows.map { $0.map(text) } == [[text(.temporal(.date(CalendarDate(iso8601: "2023-05-11")!))), text(.boolean(true))]])
    }

    @Test func todayIsADate() throws {
        guard case .temporal(.date(let today)) = try run("RETURN date() AS today")[0][0] else { return #expect(Bool(false)) }
        #expect((2026...2100).contains(today.year))
        #expect(try one("RETURN date(null) AS nothing") == text(.null))
    }

    /// Rows are arrays of values: a temporal value in one leaves it as large as it was.
    @Test func aValueStaysSmall() {
        #expect(MemoryLayout<Value>.stride <= 24)
    }
}
