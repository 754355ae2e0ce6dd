// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// OpenVINO's C API, unpacked from the pinned `openvino` wheel by scripts/models.sh (make setup)
// into .openvino/ of this package: headers in include/, libraries in lib/ (found at run time
// through an rpath; DT_RPATH rather than RUNPATH because the wheel's libraries carry no rpath of
// their own and find each other through the executable's).
let openvino = Context.packageDirectory + "/.openvino"

let package = Package(
    name: "vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
        .executable(name: "vigil-bench", targets: ["vigil-bench"]),
        .library(name: "VigilCore", targets: ["VigilCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        // Node to node: a file another node holds (a recording, its clips) is fetched from it.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Pure Swift domain: observations, rules, events, scoring, report model. No I/O.
        .target(name: "VigilCore", swiftSettings: strict),
        // Report exporters (JSON, CSV; HTML and PDF come with the in-stream proctoring work).
        .target(name: "VigilReport", dependencies: ["VigilCore"], swiftSettings: strict),
        // GStreamer 1.22 reached from Swift through one header of pass-throughs (see CGStreamer.h);
        // only VigilGStreamer depends on it.
        .systemLibrary(
            name: "CGStreamer",
            pkgConfig: "gstreamer-1.0 gstreamer-app-1.0 gstreamer-video-1.0 gstreamer-webrtc-1.0 gstreamer-sdp-1.0",
            providers: [.apt(["libgstreamer1.0-dev", "libgstreamer-plugins-base1.0-dev", "libgstreamer-plugins-bad1.0-dev"])]
        ),
        // The one Swift layer over GStreamer: element, pad, sample and caps references, pipelines
        // with typed errors, signals / probes / bus / appsink callbacks as Swift closures,
        // webrtcbin's promises as async calls, a typed connection state. The only module that
        // imports CGStreamer.
        .target(name: "VigilGStreamer", dependencies: ["CGStreamer"], swiftSettings: strict),
        // Media: the relay pipeline per session, file decoding for `vigil analyze`.
        .target(name: "VigilMedia", dependencies: ["VigilCore", "VigilGStreamer"], swiftSettings: strict),
        // OpenCV 4.6 image work (imgcodecs, imgproc, calib3d) behind a C API (see CVision.h).
        .target(
            name: "CVision",
            cxxSettings: [.unsafeFlags(["-I/usr/include/opencv4", "-std=c++17"])],
            linkerSettings: [
                .linkedLibrary("opencv_core"), .linkedLibrary("opencv_imgproc"),
                .linkedLibrary("opencv_imgcodecs"), .linkedLibrary("opencv_calib3d"),
            ]
        ),
        // OpenVINO 2025.3's C API for inference; one pass-through for what Swift cannot call (see COpenVINO.h).
        .target(
            name: "COpenVINO",
            cSettings: [.unsafeFlags(["-I" + openvino + "/include"])],
            linkerSettings: [
                .linkedLibrary("openvino_c"),
                .unsafeFlags(["-L" + openvino + "/lib", "-Xlinker", "-rpath", "-Xlinker", openvino + "/lib",
                              "-Xlinker", "--disable-new-dtags"]),
            ]
        ),
        // dlib 19.24 (Debian libdlib-dev) for the face recognition ResNet of the identity check:
        // one header of pass-throughs (see CFaceEmbedding.h; dlib networks are C++ templates).
        .target(
            name: "CFaceEmbedding",
            cxxSettings: [.unsafeFlags(["-std=c++17"])],
            linkerSettings: [.linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack")]
        ),
        // Detectors: faces, landmarks, pose, gaze, eyes, objects → VigilCore observations.
        .target(
            name: "VigilVision",
            dependencies: ["VigilCore", "CVision", "COpenVINO", "CFaceEmbedding", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict + [.unsafeFlags(["-Xcc", "-I" + openvino + "/include"])]
        ),
        // Durable storage of sessions, tokens, events and snapshots: an SQLite file through GRDB
        // (the default) or a PostgreSQL server through PostgresNIO, behind one `Store`.
        .target(
            name: "VigilStore",
            dependencies: [
                "VigilCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The one owner of a session's life (open, end, delete, purge) and the protocol every
        // per-session service (relay, live proctoring, presence, later recording) subscribes with.
        .target(
            name: "VigilLifecycle",
            dependencies: ["VigilCore", "VigilStore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Proctoring between the detectors and the server: the live loop, presence, overlay state,
        // the stream clock and the one event recorder shared by live calls and `vigil analyze`.
        .target(
            name: "VigilProctoring",
            dependencies: [
                "VigilCore", "VigilStore", "VigilVision", "VigilMedia", "VigilLifecycle",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // HTTP API (Hummingbird 2), signaling, pages, metrics and configuration.
        .target(
            name: "VigilServer",
            dependencies: [
                "VigilCore", "VigilStore", "VigilReport", "VigilVision", "VigilMedia", "VigilLifecycle", "VigilProctoring",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        // A load client without a browser: webrtcbin peers of our own that join sessions through
        // the signaling WebSocket (`vigil-bench load`, LoadClientTests).
        .target(
            name: "VigilLoad",
            dependencies: [
                "VigilGStreamer",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "vigil",
            dependencies: [
                "VigilCore", "VigilStore", "VigilServer", "VigilReport", "VigilVision", "VigilMedia", "VigilLifecycle",
                "VigilProctoring",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Measurements for `make bench` that need Vigil's modules in-process.
        .executableTarget(
            name: "vigil-bench",
            dependencies: [
                "VigilCore", "VigilStore", "VigilReport", "VigilVision", "VigilLoad",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "VigilCoreTests", dependencies: ["VigilCore", "VigilReport"], swiftSettings: strict),
        .testTarget(name: "VigilStoreTests", dependencies: ["VigilCore", "VigilStore"], swiftSettings: strict),
        .testTarget(name: "VigilVisionTests", dependencies: ["VigilCore", "VigilVision"], swiftSettings: strict),
        .testTarget(
            name: "VigilServerTests",
            dependencies: ["VigilCore", "VigilStore", "VigilServer", "VigilVision",
                           .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")],
            swiftSettings: strict
        ),
        .testTarget(name: "VigilLifecycleTests", dependencies: ["VigilCore", "VigilStore", "VigilLifecycle"], swiftSettings: strict),
        // The live loop on real frames and a real SQLite file, without the relay.
        .testTarget(
            name: "VigilProctoringTests",
            dependencies: ["VigilCore", "VigilStore", "VigilVision", "VigilProctoring", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "VigilMediaTests", dependencies: ["VigilCore", "VigilMedia", "VigilGStreamer"], swiftSettings: strict),
        // `vigil analyze` end to end (the real binary) and the file decoder, on media made by ffmpeg at test time.
        .testTarget(
            name: "VigilAnalyzeTests", dependencies: ["VigilCore", "VigilMedia", "VigilStore", "VigilReport"], swiftSettings: strict),
        // Browser end to end: the real `vigil` binary and headless Chromium instances.
        .testTarget(
            name: "VigilRelayTests",
            dependencies: [
                "VigilLoad",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
