// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "learning-hub",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "learning-hub", targets: ["learning-hub"]),
        .library(name: "LearningHubCore", targets: ["LearningHubCore"]),
        .library(name: "LearningHubServer", targets: ["LearningHubServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // libcmark from the system (Debian: libcmark-dev), seen through a tiny module map.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "LearningHubCore",
            dependencies: [
                "CCmark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                // Reads Microsoft Forms' .xlsx exports (a ZIP of XML parts).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // `learning-hub serve`: the preview server (FlyingFox), kept out of the core and the build.
        .target(
            name: "LearningHubServer",
            dependencies: [
                "LearningHubCore",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // `learning-hub import`: briefings brought in from PDF (pdftotext), Word/ODT (pandoc) and pasted text.
        .target(
            name: "LearningHubImport",
            dependencies: ["LearningHubCore"]
        ),
        .executableTarget(
            name: "learning-hub",
            dependencies: [
                "LearningHubCore",
                "LearningHubServer",
                "LearningHubImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LearningHubCoreTests",
            dependencies: ["LearningHubCore"]
        ),
        .testTarget(
            name: "LearningHubImportTests",
            dependencies: ["LearningHubImport", "LearningHubCore"],
            exclude: ["make_protected_pdf.py"]
        ),
        .testTarget(
            name: "LearningHubServerTests",
            dependencies: [
                "LearningHubServer",
                "LearningHubCore",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
    ]
)
