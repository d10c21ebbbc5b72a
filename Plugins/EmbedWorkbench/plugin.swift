// The build step that puts the web workbench into the server's binary: every file of
// `Sources/Server/Workbench` becomes a string constant of a generated Swift file, so `kennis serve`
// needs nothing on disk beside its executable. It runs again whenever one of those files changes.
import Foundation
import PackagePlugin

@main
struct EmbedWorkbench: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let directory = target.directoryURL.appending(path: "Workbench")
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "WorkbenchAssets+Embedded.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) workbench files", executable: try context.tool(named: "WorkbenchEmbedder").url,
                arguments: [output.path] + files.map(\.path), inputFiles: files, outputFiles: [output])
        ]
    }
}
