// Upgrading a database written before erasure existed (log format 1, whose chain committed to each
// record itself) to format 2 (each link commits to the record's digest): its chain proved first, a
// backup written and proved, then every link recomputed in one transaction and the new chain proved.
// A database already current is left as it is.
import EventLog

/// What `Database.upgrade` did.
public enum UpgradeOutcome: Sendable, Equatable {
    /// The log was already of the current format.
    case current(format: UInt32)
    /// The log was upgraded: from which format, over how many events, with the backup where.
    case upgraded(fromFormat: UInt32, events: UInt64, head: LogHead, backup: String)
}

extension Database {
    /// Upgrades the database at `path` in place, after backing it up into `backup` (new, or an empty
    /// directory).
    public static func upgrade(_ path: String, backup: String) throws -> UpgradeOutcome {
        guard exists(at: path) else { throw DatabaseError.notFound(path: path) }
        var options = EventLogOptions()
        options.environment.createIfMissing = false
        let log = try EventLog.openForUpgrade(path: path, options: options)
        let format = try log.format()
        guard format != EventLog.currentFormat else { return .current(format: format) }
        _ = try log.verifyFormatOne()
        // The backup, proved on format 1's chain (a format 2 log refuses to open it).
        _ = try copy(log, to: backup) { partial in
            var options = EventLogOptions()
            options.environment.writeMap = false
            return try EventLog.openForUpgrade(path: partial, options: options).verifyFormatOne()
        }
        let report = try log.upgrade()
        _ = try log.verify()
        return .upgraded(fromFormat: report.fromFormat, events: report.events, head: report.head, backup: backup)
    }
}
