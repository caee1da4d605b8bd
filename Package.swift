// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "hep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hep", targets: ["hep"]),
        .library(name: "HEPKit", targets: ["HEPKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
    ],
    targets: [
        // libcmark from the system (Debian: libcmark-dev), found through pkg-config.
        .systemLibrary(
            name: "Ccmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // The only module that imports Ccmark: Markdown -> HTML with no unsafe option.
        .target(name: "CommonMark", dependencies: ["Ccmark"]),
        .target(
            name: "HEPKit",
            dependencies: [
                "CommonMark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "hep",
            dependencies: [
                "HEPKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets, built only by `make fuzz` (coverage instrumentation + libFuzzer's no-main runtime).
        .executableTarget(name: "FuzzExercise", dependencies: ["HEPKit"]),
        .executableTarget(name: "FuzzPlan", dependencies: ["HEPKit"]),
        .executableTarget(name: "FuzzMarkdown", dependencies: ["HEPKit"]),
        .executableTarget(name: "FuzzMIMEHeader", dependencies: ["HEPKit"]),
        .testTarget(
            name: "HEPKitTests",
            dependencies: ["HEPKit", "hep", "CommonMark"],
            exclude: ["Snapshots", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
