// swift-tools-version: 6.1
// Kennis: an event-sourced knowledge graph of the AI in Health ecosystem.
// Module boundaries follow DESIGN.md: arrows point one way, from the CLI down to LMDB.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Kennis",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kennis", targets: ["KennisCLI"]),
        .executable(name: "kennis-generate", targets: ["KennisGenerate"]),
        .library(name: "Kennis", targets: ["Kennis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The HTTP server (`kennis serve`): Hummingbird 2 without its optional traits (configuration
        // files, full Foundation), swift-log, swift-prometheus, the NIO pieces they stand on, and
        // compress-nio (zlib, which Swift on Debian already needs) to gzip cached projections.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // liblmdb from the system (Debian: liblmdb-dev); only the LMDB module imports it.
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        .target(name: "LMDB", dependencies: ["CLMDB"], swiftSettings: strict),
        .target(
            name: "EventLog",
            dependencies: ["LMDB", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "Graph", dependencies: ["EventLog"], swiftSettings: strict),
        .target(name: "Query", dependencies: ["Graph", "EventLog"], swiftSettings: strict),
        .target(name: "Kennis", dependencies: ["EventLog", "Graph", "Query"], swiftSettings: strict),
        .target(
            name: "Server",
            dependencies: [
                "Kennis",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The web workbench's files are embedded by the EmbedWorkbench plugin, not read at run time.
            exclude: ["Workbench"],
            swiftSettings: strict,
            plugins: ["EmbedWorkbench"]
        ),
        // The Bolt door of `kennis serve` (spec: Neo4j's Bolt 4.4–5.4 and PackStream), beside Server.
        .target(
            name: "Bolt",
            dependencies: [
                "Kennis",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The build step behind the embedded workbench (Sources/Server/Workbench → Swift string literals).
        .executableTarget(name: "WorkbenchEmbedder", swiftSettings: strict),
        .plugin(name: "EmbedWorkbench", capability: .buildTool(), dependencies: ["WorkbenchEmbedder"]),
        .executableTarget(
            name: "KennisCLI",
            dependencies: [
                "Kennis", "Server", "Bolt", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The synthetic-ecosystem generator behind tools/generate; it knows only the JSON Lines format.
        .executableTarget(
            name: "KennisGenerate",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // Benchmarks (tools/bench-log runs them in a release build); not part of the product. The query
        // benchmarks time the engine itself and the log benchmark the log, beneath the facade, so they name Query
        // or EventLog as well.
        .target(name: "BenchmarkSupport", path: "tools/benchmarks/Support", swiftSettings: strict),
        .executableTarget(
            name: "LogBenchmark", dependencies: ["Kennis", "EventLog", "BenchmarkSupport"], path: "tools/benchmarks/LogBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "GraphBenchmark", dependencies: ["Kennis", "BenchmarkSupport"], path: "tools/benchmarks/GraphBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "QueryBenchmark", dependencies: ["Kennis", "Query", "BenchmarkSupport"], path: "tools/benchmarks/QueryBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ExportBenchmark", dependencies: ["Kennis", "BenchmarkSupport"], path: "tools/benchmarks/ExportBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ValidTimeBenchmark", dependencies: ["Kennis", "BenchmarkSupport"], path: "tools/benchmarks/ValidTimeBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "WorkloadBenchmark", dependencies: ["Kennis", "Query", "BenchmarkSupport"], path: "tools/benchmarks/WorkloadBenchmark",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "BoltBenchmark", dependencies: ["Bolt"], path: "tools/benchmarks/BoltBenchmark", swiftSettings: strict
        ),
        // The Cypher front-end and JSON reader fuzzer behind tools/fuzz-cypher.
        .executableTarget(
            name: "CypherFuzz", dependencies: ["Kennis", "Query", "EventLog"], path: "tools/fuzz/CypherFuzz",
            swiftSettings: strict
        ),
        // Helpers for the test targets only.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "LMDBTests", dependencies: ["LMDB", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "LMDB", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "GraphTests", dependencies: ["Graph", "EventLog", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "QueryTests", dependencies: ["Query", "Graph", "EventLog", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "FuzzTests", dependencies: ["CypherFuzz", "Kennis", "Query", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "KennisTests", dependencies: ["Kennis", "LMDB", "EventLog", "Graph", "Query", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ServerTests",
            dependencies: ["Server", "Kennis", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BoltTests",
            dependencies: [
                "Bolt", "Kennis", "TestSupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KennisCLITests", dependencies: ["Kennis", "LMDB", "KennisCLI", "KennisGenerate", "TestSupport"],
            swiftSettings: strict
        ),
    ]
)
