import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Collector {
    /// What this run has filed so far, and the names already in each briefing's folder (read once,
    /// when the run first files there, instead of asking for every record whether its file exists).
    struct Filing {
        let root: String
        /// The identity and bytes filed at each path by this run, so that a dry run judges a second
        /// file from the same team against the first, exactly as the real run would.
        var filed: [String: (identity: String, bytes: Data)] = [:]
        var names: [String: Set<String>] = [:]
        var made = Set<String>()
        /// Folders whose names changed: synced before any inbox file moves.
        var touched = Set<String>()
        /// Whether records were written without an fsync each, to be made durable together.
        var unsynced = false
        /// The record being filed, for a message if writing it fails.
        var lastTarget: String?
        /// The briefings' IDs, to read a replaced record for the summary of what changed.
        var catalogue: BriefingCatalogue?

        /// New records to write, written together on every core by `flush` (each to its own path),
        /// with the inbox file each came from.
        var pending: [(item: Int, path: String, bytes: Data)] = []

        init(root: String) { self.root = root }

        /// Writes the pending records; returns those that failed, with their inbox files.
        mutating func flush() -> [(item: Int, error: Error, path: String)] {
            defer { pending = [] }
            let work = pending
            for entry in work { touched.insert(FileTree.parentFolder(of: entry.path)) }
            if !work.isEmpty { unsynced = true }
            let failures = ParallelResults<(Int, Error, String)>(count: work.count)
            Parallel.forEach(work.count) { i in
                do { try DurableFile.write(work[i].bytes, to: work[i].path, sync: false) } catch { failures[i] = (work[i].item, error, work[i].path) }
            }
            return failures.values
        }

        /// Makes every record written durable, with the folders they were written in: one `syncfs`
        /// when new records were written without an fsync each, else an fsync of each folder. A
        /// failure stops the run before any inbox file moves.
        mutating func syncFolders() throws {
            if unsynced { try DurableFile.syncFileSystem(of: root) } else {
                for folder in touched.sorted() { try DurableFile.syncFolder(folder) }
            }
            touched = []
            unsynced = false
        }

        mutating func exists(_ name: String, in folder: String) -> Bool {
            if names[folder] == nil { names[folder] = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []) }
            return names[folder]?.contains(name) ?? false
        }

        /// The file name (without `.md`) of this team's record in `folder`, the record's bytes if it
        /// has one, and the name another team's record holds if that pushed this one aside. The
        /// names tried are `<organisation>--<team>`, then with the hash of the team's identity, then
        /// that with -2, -3 and so on: the same team always ends at the same name.
        mutating func record(of response: TeamResponse, in folder: String) -> (stem: String, current: Data?, clash: String?) {
            let identity = response.identity
            let natural = response.naturalStem
            let hashed = natural + "-" + Slug.shortHash(identity)
            var clash: String?
            for n in 0... {
                let stem = n == 0 ? natural : n == 1 ? hashed : "\(hashed)-\(n)"
                let path = folder + "/" + stem + ".md"
                let current: Data?
                let theirs: String?
                if let filedHere = filed[path] {
                    current = filedHere.bytes
                    theirs = filedHere.identity
                } else if exists(stem + ".md", in: folder) {
                    current = FileManager.default.contents(atPath: path)
                    // Empty: what a power cut can leave of a record written just before it (its
                    // inbox file was still in the inbox, and is being filed again now).
                    if current?.isEmpty ?? false { return (stem, nil, clash) }
                    // A record that cannot be read is never taken for this team's: it is left alone.
                    theirs = current.flatMap(Collector.identity(in:))
                } else {
                    return (stem, nil, clash)
                }
                if theirs == identity { return (stem, current, clash) }
                if clash == nil { clash = stem }
            }
            return (natural, nil, clash)
        }

        /// Keeps `bytes` in `history/` as `<stem>.md` (or `-2` and so on), unless history already
        /// has exactly these bytes for this record: a re-run after a crash stores nothing twice.
        mutating func keepInHistory(_ bytes: Data, in history: String, stem: String) throws {
            if names[history] == nil {
                try DurableFile.makeFolders(history)
                names[history] = Set((try? FileManager.default.contentsOfDirectory(atPath: history)) ?? [])
            }
            let taken = names[history] ?? []
            let recordStem = stem.components(separatedBy: "--").dropLast().joined(separator: "--")
            for name in taken where name.hasPrefix(recordStem + "--") && name.hasSuffix(".md") {
                if FileTree.hasContents(bytes, at: history + "/" + name) { return }
            }
            var candidate = stem + ".md"
            var n = 2
            while taken.contains(candidate) {
                candidate = "\(stem)-\(n).md"
                n += 1
            }
            try DurableFile.write(bytes, to: history + "/" + candidate)
            try DurableFile.syncFolder(history)
            names[history, default: []].insert(candidate)
        }
    }

    /// The organisation and team a stored record is from, as `TeamIdentity` keys them; nil if the
    /// record cannot be read.
    static func identity(in data: Data) -> String? {
        var ignored = DiagnosticLog()
        guard let raw = ResponseFileReader().read(data, path: "record.md", log: &ignored).first?.raw,
              let organisation = raw.field("organisation")?.text, let team = raw.field("team")?.text else { return nil }
        return TeamIdentity.key(organisation: organisation.trimmedWhitespaceAndNewlines(), team: team.trimmedWhitespaceAndNewlines())
    }

    /// The folders files are moved into, each made once, with the names taken in it (read once).
    struct Folders {
        /// The longest file name most file systems allow, in bytes.
        static let maximumName = 255
        var names: [String: Set<String>] = [:]
        /// Folders whose names changed, synced at the end of the run.
        var changed = Set<String>()

        /// A name in `folder` not yet taken there, for `name` or `<stem>-2.<ext>` and so on, at most
        /// `room` bytes long (a longer name is cut, keeping its extension, and given a hash); the
        /// folder is made when first used. Never a name that exists: nothing is ever moved over a file.
        mutating func reserve(_ name: String, in folder: String, room: Int) throws -> String {
            if names[folder] == nil {
                try DurableFile.makeFolders(folder)
                names[folder] = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            }
            let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
            var (stem, suffix) = dot.map { (String(name[..<$0]), String(name[$0...])) } ?? (name, "")
            if suffix.utf8.count > 16 { (stem, suffix) = (name, "") }
            if name.utf8.count > room {
                let hash = "-" + Slug.shortHash(name)
                var cut = ""
                for c in stem where cut.utf8.count + c.utf8.count + hash.utf8.count + suffix.utf8.count <= room - 3 { cut.append(c) }
                stem = cut + hash
            }
            var candidate = stem + suffix
            var n = 2
            while names[folder]?.contains(candidate) ?? false || names[folder]?.contains(candidate + ".errors.txt") ?? false {
                candidate = "\(stem)-\(n)\(suffix)"
                n += 1
            }
            names[folder]?.insert(candidate)
            changed.insert(folder)
            return folder + "/" + candidate
        }

        mutating func moved(from inbox: String) { changed.insert(inbox) }

        func syncFolders() throws {
            for folder in changed.sorted() { try DurableFile.syncFolder(folder) }
        }
    }

    /// The inputs named, each once: folders (inboxes) and single files, by their real paths.
    struct Inputs {
        var folders: [URL] = []
        var files: [URL] = []
        /// Every folder files are taken from: the inboxes, and the folders of single files.
        var inboxes = Set<String>()
    }

    func resolvedInputs() throws -> Inputs {
        var inputs = Inputs()
        var seen = Set<String>()
        for input in options.inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isDirectory) else {
                throw DiagnosticsError([.error(SourceLocation(path: Self.shown(input)), "there is no such file or folder")])
            }
            // The same folder named twice (or as inbox and ./inbox) is collected once.
            let real = input.resolvingSymlinksInPath().standardizedFileURL
            guard seen.insert(real.path).inserted else { continue }
            if isDirectory.boolValue {
                inputs.folders.append(input)
                inputs.inboxes.insert(input.path)
            } else {
                inputs.files.append(input)
                let folder = input.deletingLastPathComponent()
                inputs.inboxes.insert(folder.path)
                if folder.lastPathComponent == "held" { inputs.inboxes.insert(folder.deletingLastPathComponent().path) }
            }
        }
        return inputs
    }

    /// The files to collect, each with the inbox it belongs to, and the names that are not UTF-8
    /// (shown with their bytes). Folders are read one level deep; `processed/` and `rejected/`
    /// inside them are never read again, which makes a re-run change nothing.
    func inputFiles(_ inputs: Inputs) throws -> (files: [(URL, URL)], unnamed: [String]) {
        var result: [(URL, URL)] = []
        var unnamed: [String] = []
        var seen = Set<String>()
        for folder in inputs.folders {
            let entries: [RawFolder.Entry]
            do { entries = try RawFolder.entries(of: folder.path) } catch {
                throw DiagnosticsError([.error(SourceLocation(path: Self.shown(folder)), "the folder cannot be read: \(error.words)")])
            }
            for entry in entries where !entry.isFolder {
                guard let name = entry.name else {
                    unnamed.append(Self.shown(folder.path + "/" + entry.shown))
                    continue
                }
                guard !name.hasPrefix("."), !name.hasSuffix(".errors.txt"), !name.hasSuffix(".reply.txt") else { continue }
                let url = folder.appendingPathComponent(name, isDirectory: false)
                if seen.insert(url.path).inserted { result.append((url, folder)) }
            }
        }
        // A file named on its own and also inside a folder named is collected once.
        for file in inputs.files where !seen.contains(file.path) && seen.insert(file.resolvingSymlinksInPath().path).inserted {
            // A file released from held/ belongs to the inbox held/ is in.
            let folder = file.deletingLastPathComponent()
            result.append((file, folder.lastPathComponent == "held" ? folder.deletingLastPathComponent() : folder))
        }
        return (result, unnamed)
    }
}
