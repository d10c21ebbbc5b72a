// The shape of the synthetic ecosystem. Creation comes first (in dependency order: institutions,
// programs, labs, projects, people, publications, each with its structural relations), then a stream
// of history events that keeps every event valid: only live entities and relations are touched.

struct SyntheticEcosystem {
    private var random: SplitMix64
    private let total: Int
    private var institutions: [String] = [], programs: [String] = [], labs: [String] = []
    private var projects: [String] = [], people: [String] = [], publications: [String] = []
    /// Each person's current lab membership (lab id), while they are live.
    private var membership: [String: String] = [:]
    private var retired: Set<String> = []
    /// Live WORKS_ON relation ids, for role updates.
    private var workRelations: [String] = []
    /// Draws the valid times, when they are asked for: apart from `random`, so that the rest of the
    /// output is the same bytes with or without them.
    private var validTimes: SplitMix64?

    init(entities: Int, seed: UInt64, validTimes: Bool = false) {
        random = SplitMix64(seed: seed)
        total = entities
        self.validTimes = validTimes ? SplitMix64(seed: seed ^ 0x7661_6c69_6474_696d) : nil
    }

    static let relationRules: [(String, [String], [String])] = [
        ("PART_OF", ["Lab", "Program"], ["Program", "Institution"]),
        ("HOSTED_BY", ["Lab", "Program", "Project"], ["Institution", "Lab"]),
        ("AFFILIATED_WITH", ["Person"], ["Institution"]),
        ("MEMBER_OF", ["Person"], ["Lab"]),
        ("LEADS", ["Person"], ["Lab", "Project", "Program"]),
        ("WORKS_ON", ["Person"], ["Project"]),
        ("PARTNER_IN", ["Institution"], ["Project", "Program"]),
        ("AUTHORED", ["Person"], ["Publication"]),
    ]

    mutating func write(to sink: inout LineSink) {
        sink.line(schema())
        let counts = split(total)
        for i in 0..<counts.institutions { createInstitution(i, &sink) }
        for i in 0..<counts.programs { createProgram(i, &sink) }
        for i in 0..<counts.labs { createLab(i, &sink) }
        for i in 0..<counts.projects { createProject(i, &sink) }
        for i in 0..<counts.people { createPerson(i, &sink) }
        for i in 0..<counts.publications { createPublication(i, &sink) }
        // History: about four changes per entity, on a timeline after creation.
        for step in 0..<(total * 4) { historyStep(step, &sink) }
    }

    private func split(_ n: Int) -> (institutions: Int, programs: Int, labs: Int, projects: Int, people: Int, publications: Int) {
        let institutions = max(2, n / 80), programs = max(1, n / 250), labs = max(3, n / 40)
        let projects = max(2, n / 14), publications = n / 4
        let people = max(1, n - institutions - programs - labs - projects - publications)
        return (institutions, programs, labs, projects, people, publications)
    }

    private func schema() -> [UInt8] {
        var line = EventLine(type: "schema.defined")
        line.field("id", "schema:synthetic-ai-in-health")
        var json = #","props":{"kinds":["Institution","Program","Lab","Project","Person","Publication"],"relations":["#
        for (i, rule) in Self.relationRules.enumerated() {
            if i > 0 { json += "," }
            json += #"{"rel":"\#(rule.0)","from":[\#(rule.1.map { "\"\($0)\"" }.joined(separator: ","))],"#
            json += #""to":[\#(rule.2.map { "\"\($0)\"" }.joined(separator: ","))]}"#
        }
        json += "]}"
        var bytes = line.finish()
        bytes.removeLast()
        bytes.append(contentsOf: json.utf8)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    // MARK: Creation

    private mutating func create(_ id: String, kind: String, labels: [String] = [], props: [(String, JSONValue?)], _ sink: inout LineSink) {
        var line = EventLine(type: "entity.created")
        line.field("id", id)
        line.field("kind", kind)
        if !labels.isEmpty { line.labels(labels) }
        line.props(props + validTime())
        line.field("source", "synthetic:kennis-generate")
        sink.line(line.finish())
    }

    private mutating func relate(_ rel: String, _ from: String, _ to: String, props: [(String, JSONValue?)] = [], _ sink: inout LineSink) {
        var line = EventLine(type: "relation.added")
        line.field("rel", rel)
        line.field("from", from)
        line.field("to", to)
        let props = props + validTime()
        if !props.isEmpty { line.props(props) }
        sink.line(line.finish())
    }

    /// A valid_from between 2010 and 2025 and, three times in ten, a valid_until one to eight years
    /// later; nothing unless valid times were asked for.
    private mutating func validTime() -> [(String, JSONValue?)] {
        guard var draw = validTimes else { return [] }
        defer { validTimes = draw }
        let year = 2010 + draw.below(16), month = 1 + draw.below(12), day = 1 + draw.below(28)
        func text(_ year: Int) -> String { "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)" }
        var bounds: [(String, JSONValue?)] = [("valid_from", .date(text(year)))]
        if draw.chance(0.3) { bounds.append(("valid_until", .date(text(year + 1 + draw.below(8))))) }
        return bounds
    }

    private mutating func date() -> String {
        let year = 2015 + random.below(11), month = 1 + random.below(12), day = 1 + random.below(28)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    private mutating func createInstitution(_ i: Int, _ sink: inout LineSink) {
        let id = "inst:i\(i)"
        let kinds = ["University", "University Medical Center", "Institute", "Company", "Hospital"]
        create(
            id, kind: "Institution",
            props: [
                ("name", .string("\(Names.cities[i % Names.cities.count]) \(kinds[i % kinds.count]) \(i)")),
                ("city", .string(Names.cities[random.below(Names.cities.count)])),
                ("kind", .string(kinds[i % kinds.count])),
            ], &sink)
        institutions.append(id)
    }

    private mutating func createProgram(_ i: Int, _ sink: inout LineSink) {
        let id = "prog:g\(i)"
        create(
            id, kind: "Program",
            props: [
                ("name", .string("Program \(Names.topics[i % Names.topics.count]) \(i)")),
                ("started", .string(date())),
            ], &sink)
        programs.append(id)
        relate("HOSTED_BY", id, institutions[random.skewed(institutions.count)], &sink)
    }

    private mutating func createLab(_ i: Int, _ sink: inout LineSink) {
        let id = "lab:l\(i)"
        let topic = Names.topics[random.below(Names.topics.count)]
        create(
            id, kind: "Lab",
            props: [
                ("name", .string("AI Lab for \(topic) \(i)")), ("topic", .string(topic)),
                ("opened", .string(date())),
            ], &sink)
        labs.append(id)
        relate("PART_OF", id, programs[random.below(programs.count)], &sink)
        relate("HOSTED_BY", id, institutions[random.skewed(institutions.count)], &sink)
    }

    private mutating func createProject(_ i: Int, _ sink: inout LineSink) {
        let id = "proj:p\(i)"
        let topic = Names.topics[random.below(Names.topics.count)]
        create(
            id, kind: "Project", labels: random.chance(0.2) ? ["Funded"] : [],
            props: [
                ("title", .string("\(Names.projectWords[random.below(Names.projectWords.count)]) \(topic) \(i)")),
                ("budget_keur", .integer(50 + random.below(5000))), ("start", .string(date())),
            ], &sink)
        projects.append(id)
        relate("HOSTED_BY", id, labs[random.skewed(labs.count)], &sink)
        var partners: Set<String> = []
        for _ in 0..<(1 + random.below(3)) {
            let partner = institutions[random.skewed(institutions.count)]
            guard partners.insert(partner).inserted else { continue }
            relate("PARTNER_IN", partner, id, props: [("since", .string(date()))], &sink)
        }
    }

    private mutating func createPerson(_ i: Int, _ sink: inout LineSink) {
        let id = "person:h\(i)"
        let name = "\(Names.first[random.below(Names.first.count)]) \(Names.last[random.below(Names.last.count)])"
        create(
            id, kind: "Person", labels: random.chance(0.1) ? ["Researcher", "Clinician"] : random.chance(0.5) ? ["Researcher"] : [],
            props: [
                ("name", .string(name)), ("title", .string(Names.titles[random.below(Names.titles.count)])),
                ("h_index", .integer(random.skewed(80))),
            ], &sink)
        people.append(id)
        relate("AFFILIATED_WITH", id, institutions[random.skewed(institutions.count)], &sink)
        let lab = labs[random.skewed(labs.count)]
        membership[id] = lab
        relate(
            "MEMBER_OF", id, lab, props: [("role", .string(Names.roles[random.below(Names.roles.count)])), ("since", .string(date()))],
            &sink)
        if random.chance(0.02) { relate("LEADS", id, lab, props: [("since", .string(date()))], &sink) }
        var chosen: Set<String> = []
        for _ in 0..<(2 + random.below(4)) {
            let project = projects[random.skewed(projects.count)]
            guard chosen.insert(project).inserted else { continue }
            relate("WORKS_ON", id, project, props: [("role", .string(Names.projectRoles[random.below(Names.projectRoles.count)]))], &sink)
            workRelations.append("WORKS_ON:\(id)->\(project)")
        }
    }

    private mutating func createPublication(_ i: Int, _ sink: inout LineSink) {
        let id = "pub:w\(i)"
        create(
            id, kind: "Publication",
            props: [
                ("title", .string("On \(Names.topics[random.below(Names.topics.count)].lowercased()) \(i)")),
                ("year", .integer(2015 + random.below(11))), ("doi", .string("10.5555/synthetic.\(i)")),
            ], &sink)
        publications.append(id)
        var authors: Set<String> = []
        for position in 0..<(2 + random.below(5)) {
            let author = people[random.skewed(people.count)]
            guard !retired.contains(author), authors.insert(author).inserted else { continue }
            relate("AUTHORED", author, id, props: [("position", .integer(position + 1))], &sink)
        }
    }

    // MARK: History

    private mutating func historyStep(_ step: Int, _ sink: inout LineSink) {
        let roll = random.below(100)
        switch roll {
        case 0..<30: updatePerson(&sink)
        case 30..<45: movePerson(&sink)
        case 45..<60: updateWork(&sink)
        case 60..<72: updateProject(&sink)
        case 72..<80: updateLab(&sink)
        case 80..<95: updatePublication(&sink)
        case 95..<97: retirePerson(&sink)
        default: addWork(&sink)
        }
    }

    private mutating func livePerson() -> String? {
        for _ in 0..<8 {
            let person = people[random.below(people.count)]
            if !retired.contains(person) { return person }
        }
        return nil
    }

    private mutating func update(_ id: String, _ props: [(String, JSONValue?)], labels: [String]? = nil, _ sink: inout LineSink) {
        var line = EventLine(type: "entity.updated")
        line.field("id", id)
        if let labels { line.labels(labels) }
        line.props(props)
        sink.line(line.finish())
    }

    private mutating func updatePerson(_ sink: inout LineSink) {
        guard let person = livePerson() else { return }
        if random.chance(0.5) {
            update(
                person, [("title", .string(Names.titles[random.below(Names.titles.count)])), ("h_index", .integer(random.skewed(90)))],
                &sink)
        } else {
            update(person, [("email", random.chance(0.8) ? .string("\(person.dropFirst(7))@example.org") : nil)], &sink)
        }
    }

    private mutating func movePerson(_ sink: inout LineSink) {
        guard let person = livePerson(), let current = membership[person] else { return }
        let next = labs[random.skewed(labs.count)]
        guard next != current else { return }
        var removal = EventLine(type: "relation.removed")
        removal.field("id", "MEMBER_OF:\(person)->\(current)")
        removal.field("note", "moved to \(next)")
        sink.line(removal.finish())
        relate(
            "MEMBER_OF", person, next,
            props: [("role", .string(Names.roles[random.below(Names.roles.count)])), ("since", .string(date()))], &sink)
        membership[person] = next
    }

    private mutating func updateWork(_ sink: inout LineSink) {
        guard !workRelations.isEmpty else { return }
        let index = random.below(workRelations.count)
        let id = workRelations[index]
        let person = String(id.dropFirst("WORKS_ON:".count).prefix { $0 != "-" })
        guard !retired.contains(person) else {
            workRelations.swapAt(index, workRelations.count - 1)
            workRelations.removeLast()
            return
        }
        var line = EventLine(type: "relation.updated")
        line.field("id", id)
        line.props([("role", .string(Names.projectRoles[random.below(Names.projectRoles.count)])), ("hours", .integer(random.below(40)))])
        sink.line(line.finish())
    }

    private mutating func addWork(_ sink: inout LineSink) {
        guard let person = livePerson() else { return }
        let project = projects[random.skewed(projects.count)]
        let id = "WORKS_ON:\(person)->\(project)"
        // Avoid a second live relation with the same default id: use an explicit id for repeat work.
        var line = EventLine(type: "relation.added")
        line.field("id", "\(id)#\(workRelations.count)")
        line.field("rel", "WORKS_ON")
        line.field("from", person)
        line.field("to", project)
        line.props([("role", .string("Consultant"))])
        sink.line(line.finish())
        workRelations.append("\(id)#\(workRelations.count)")
    }

    private mutating func updateProject(_ sink: inout LineSink) {
        let project = projects[random.below(projects.count)]
        update(
            project,
            [("status", .string(random.chance(0.7) ? "active" : "completed")), ("budget_keur", .integer(50 + random.below(8000)))],
            labels: random.chance(0.1) ? ["Funded"] : nil, &sink)
    }

    private mutating func updateLab(_ sink: inout LineSink) {
        let lab = labs[random.below(labs.count)]
        update(
            lab, [("members_reported", .integer(random.below(200))), ("website", .string("https://example.org/\(lab.dropFirst(4))"))], &sink
        )
    }

    private mutating func updatePublication(_ sink: inout LineSink) {
        guard !publications.isEmpty else { return }
        let publication = publications[random.below(publications.count)]
        update(publication, [("citations", .integer(random.skewed(2000)))], &sink)
    }

    private mutating func retirePerson(_ sink: inout LineSink) {
        guard let person = livePerson() else { return }
        var line = EventLine(type: "entity.retired")
        line.field("id", person)
        line.field("note", "left the ecosystem")
        sink.line(line.finish())
        retired.insert(person)
        membership[person] = nil
    }
}
