// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "hep",
    products: [
        .executable(name: "hep", targets: ["hep"]),
        .executable(name: "hep-serve", targets: ["hep-serve"]),
        .library(name: "HEPKit", targets: ["HEPKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        // The web app only (`hep serve`); no default traits, so swift-configuration is not built.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", exact: "2.5.0"),
        // SHA-256 for manifests and content hashes (BoringSSL's, with the CPU's SHA instructions);
        // already built for hummingbird-auth's bcrypt.
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
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
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "hep",
            dependencies: [
                "HEPKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The practitioner's desk (`hep serve`): a local web app over the same HEPKit calls as the
        // command line. Its own executable, so the command line does not link (or start) a web server.
        .target(
            name: "HEPWeb",
            dependencies: [
                "HEPKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "hep-serve",
            dependencies: [
                "HEPWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer targets, built only by `make fuzz` (coverage instrumentation + libFuzzer's no-main runtime).
        // The fuzz entry points, outside HEPKit's public API (they reach its `@_spi(Fuzzing)` parsers).
        .target(name: "FuzzDriver", dependencies: ["HEPKit", "CommonMark"]),
        .executableTarget(name: "FuzzExercise", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "FuzzPlan", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "FuzzMarkdown", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "FuzzMIMEHeader", dependencies: ["FuzzDriver"]),
        .testTarget(
            name: "HEPKitTests",
            dependencies: ["HEPKit", "hep", "CommonMark"],
            exclude: ["Snapshots", "Fixtures"]
        ),
        .testTarget(
            name: "HEPWebTests",
            dependencies: [
                "HEPWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
