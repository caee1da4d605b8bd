import Foundation
import Testing
@testable import HEPKit
@testable import hep

/// The real executable, as separate processes: killed mid-batch, and racing itself.
@Suite("Processes", .serialized)
struct ProcessTests {
    static var binary: URL { Repository.url(".build/debug/hep") }

    static func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    /// Every visible handout folder is complete: all its files there and matching the manifest.
    static func assertComplete(_ output: URL) throws -> Int {
        var count = 0
        for patient in try FileManager.default.contentsOfDirectory(atPath: output.path) where !patient.hasPrefix(".") {
            let patientFolder = output.appendingPathComponent(patient)
            for session in try FileManager.default.contentsOfDirectory(atPath: patientFolder.path) where !session.hasPrefix(".") {
                let folder = patientFolder.appendingPathComponent(session)
                let manifestData = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path), "\(folder.path) has no manifest")
                let manifest = try JSONDecoder().decode(Manifest.self, from: manifestData)
                for output in manifest.outputs {
                    let data = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent(output.file).path))
                    #expect(SHA256.hex(of: data) == output.sha256, "\(folder.path)/\(output.file) is not complete")
                }
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("plan.yaml").path))
                count += 1
            }
        }
        return count
    }

    @Test("a batch killed with SIGKILL at any point leaves only complete handout folders")
    func killedMidBatch() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        for index in 0..<120 {
            try fixture.write(String(format: "plans/p%03d.yaml", index),
                              FixtureProject.plan.replacingOccurrences(of: "id: t-001", with: "id: k-\(index % 7)"))
        }
        // How long the whole batch takes here, so the kills land before, during and after writing
        // whatever the machine's speed.
        let started = Date()
        let full = Self.process(["render", "--project", fixture.root.path, "--output", fixture.url("Output-full").path, fixture.url("plans").path])
        try full.run()
        full.waitUntilExit()
        let whole = Date().timeIntervalSince(started)
        #expect(try Self.assertComplete(fixture.url("Output-full")) == 120)
        for delay in [0.05, 0.3, 0.6, 0.9, 0.97].map({ $0 * whole }) {
            let output = fixture.url("Output-\(delay)")
            let process = Self.process(["render", "--project", fixture.root.path, "--output", output.path, fixture.url("plans").path])
            try process.run()
            usleep(useconds_t(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Whatever is visible is complete; a kill before anything was written leaves nothing.
            if FileManager.default.fileExists(atPath: output.path) {
                _ = try Self.assertComplete(output)
            }
        }
        // And killed in the middle of putting handouts in place: the moment the first one shows.
        let output = fixture.url("Output-writing")
        let writing = Self.process(["render", "--project", fixture.root.path, "--output", output.path, fixture.url("plans").path])
        try writing.run()
        func visibleHandouts() -> Int {
            let patients = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
            return patients.filter { !$0.hasPrefix(".") }.reduce(0) { count, patient in
                count + ((try? FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(patient).path)) ?? [])
                    .filter { !$0.hasPrefix(".") }.count
            }
        }
        while writing.isRunning && visibleHandouts() == 0 { usleep(500) }
        kill(writing.processIdentifier, SIGKILL)
        writing.waitUntilExit()
        let written = try Self.assertComplete(output)
        #expect(written > 0, "the kill while writing found handouts in place, and each was complete")
        // After a kill, the next render cleans up what was left hidden and completes.
        let again = Self.process(["render", "--project", fixture.root.path, "--output", output.path, fixture.url("plans").path])
        try again.run()
        again.waitUntilExit()
        #expect(again.terminationStatus == 0)
        #expect(try Self.assertComplete(output) >= 120)
        for patient in try FileManager.default.contentsOfDirectory(atPath: output.path) {
            let hidden = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(patient).path).filter { $0.hasPrefix(".") }
            #expect(hidden.isEmpty, "staging left in \(patient): \(hidden)")
        }
    }

    @Test("--quiet prints nothing on success and only errors on failure")
    func quiet() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan + "exercises-extra: 1\n")
        let good = try fixture.write("plans/good.yaml", FixtureProject.plan)
        func run(_ arguments: [String]) throws -> (Int32, String, String) {
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = arguments
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                    String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        let success = try run(["render", "--quiet", "--project", fixture.root.path, good.path])
        #expect(success.0 == 0 && success.1.isEmpty && success.2.isEmpty)
        let failure = try run(["render", "--quiet", "--project", fixture.root.path, plan.path])
        #expect(failure.0 == 1 && failure.1.isEmpty)
        #expect(failure.2 == "plans/sam.yaml:25:1: error: unknown key 'exercises-extra'\n  hint: known keys here: patient, session, findings, goals, conditions, equipment, pain-limit, exercises, keep-order, advice, follow-up\n")
    }

    @Test("two processes rendering the same plan at once produce two complete folders, never one clobbered folder")
    func twoProcesses() async throws {
        let fixture = try await FixtureProject()
        defer { fixture.remove() }
        let plan = try fixture.write("plans/sam.yaml", FixtureProject.plan)
        for round in 0..<5 {
            let output = fixture.url("Output-\(round)")
            let first = Self.process(["render", "--project", fixture.root.path, "--output", output.path, plan.path])
            let second = Self.process(["render", "--project", fixture.root.path, "--output", output.path, plan.path])
            try first.run()
            try second.run()
            first.waitUntilExit()
            second.waitUntilExit()
            #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
            let sessions = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("t-001").path).sorted()
            #expect(sessions == ["2026-11-20", "2026-11-20-2"])
            #expect(try Self.assertComplete(output) == 2)
        }
    }
}
