// Runs a Python script and gives its output's lines: tests that check Kennis against an independent
// implementation (Python's `datetime`, `zoneinfo`) generate the cases and the expected answers there.
import Foundation

/// The lines `python3 -c script` prints on standard output.
public func pythonOutputLines(_ script: String) throws -> [Substring] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n")
}
