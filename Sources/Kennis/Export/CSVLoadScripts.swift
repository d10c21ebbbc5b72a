// The two files a CSV export writes beside its tables, so that each loader takes the directory as it
// is: Kùzu's tables and COPY statements, and Neo4j's admin import command. File names are relative:
// both are run from the directory.

enum CSVLoadScripts {
    /// Kùzu's schema and load, one statement a line: a node table per kind (`@id` its primary key,
    /// `@labels` the `:LABEL` column), a relationship table per type with a FROM/TO pair per file of
    /// it (`@type` the `:TYPE` column), and a COPY per file. Kùzu copies columns by position, and every
    /// file of a table has the table's columns in its order. Files with a line break in a field are
    /// copied with `parallel=false`, the only way Kùzu reads them.
    static func kuzu(_ layout: CSVLayout, multiline: Set<String>) -> String {
        var lines = [
            "// Loads this directory into Kùzu (kuzudb.com): run each statement with this directory as the working directory.",
            "// Written by `kennis export --format csv`; the columns are the CSV headers' names, their types Kùzu's.",
        ]
        for table in layout.nodeTables {
            let columns = ["`@id` STRING", "`@labels` STRING"] + columnDeclarations(table.columns)
            lines.append("CREATE NODE TABLE \(quoted(table.name))(\(columns.joined(separator: ", ")), PRIMARY KEY(`@id`));")
        }
        for (type, columns) in layout.relationshipTypes {
            let pairs = layout.relationshipFiles.filter { $0.type == type }.map { "FROM \(quoted($0.from)) TO \(quoted($0.to))" }
            let declared = pairs + ["`@type` STRING", "`@id` STRING"] + columnDeclarations(columns)
            lines.append("CREATE REL TABLE \(quoted(type))(\(declared.joined(separator: ", ")));")
        }
        for table in layout.nodeTables {
            lines.append("COPY \(quoted(table.name)) FROM '\(table.file)' (\(options(table.file, multiline)));")
        }
        for file in layout.relationshipFiles {
            let options = options(file.file, multiline) + ", from='\(file.from)', to='\(file.to)'"
            lines.append("COPY \(quoted(file.type)) FROM '\(file.file)' (\(options));")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `neo4j-admin database import full` with every file; `--multiline-fields=true` when a field
    /// holds a line break. Ids are one id space (Kennis ids are unique across kinds).
    static func neo4j(_ layout: CSVLayout, multiline: Bool) -> String {
        var lines = [
            "#!/bin/sh",
            "# Loads this directory into a new Neo4j database: sh neo4j-admin-import.sh [DATABASE] (default neo4j).",
            "# Written by `kennis export --format csv`. NEO4J_ADMIN names the neo4j-admin to run.",
            "set -e",
            "cd \"$(dirname \"$0\")\"",
            "exec \"${NEO4J_ADMIN:-neo4j-admin}\" database import full \"${1:-neo4j}\" \\",
        ]
        lines += layout.nodeTables.map { "  --nodes=\($0.file) \\" }
        lines += layout.relationshipFiles.map { "  --relationships=\($0.file) \\" }
        lines.append("  --array-delimiter=';'" + (multiline ? " --multiline-fields=true" : ""))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func columnDeclarations(_ columns: CSVColumns) -> [String] {
        columns.columns.map { "\(quoted($0.name)) \($0.type.kuzuType)" }
    }

    private static func options(_ file: String, _ multiline: Set<String>) -> String {
        multiline.contains(file) ? "header=true, parallel=false" : "header=true"
    }

    /// A name between backticks (kinds, types and property names are identifiers: no backtick in them).
    private static func quoted(_ name: String) -> String { "`" + name + "`" }
}
