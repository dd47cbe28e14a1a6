import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a killed run can leave, put right by the next run before it reads anything (it holds the
/// lock, so none of this belongs to a run still going): temporary files in the records' folders,
/// their history and the inboxes; a file in `rejected/` without its `.errors.txt` (it goes back to
/// the inbox to be checked again); an `.errors.txt` whose file is not beside it.
struct Leftovers {
    var responses: String
    var inboxes: [URL]

    /// Cleans up; returns a line for each file sent back to its inbox.
    func clean() throws -> [String] {
        var changed = Set<String>()
        for briefing in (try? RawFolder.entries(of: responses)) ?? [] where briefing.isFolder {
            guard let name = briefing.name else { continue }
            let folder = responses + "/" + name
            removeTemporaryFiles(in: folder, changed: &changed)
            removeTemporaryFiles(in: folder + "/history", changed: &changed)
        }
        var lines: [String] = []
        for inbox in inboxes.map(\.path) {
            removeTemporaryFiles(in: inbox, changed: &changed)
            removeTemporaryFiles(in: inbox + "/processed", changed: &changed)
            let rejected = inbox + "/rejected"
            removeTemporaryFiles(in: rejected, changed: &changed)
            let names = Set(((try? RawFolder.entries(of: rejected)) ?? []).filter { !$0.isFolder }.compactMap(\.name))
            guard !names.isEmpty else { continue }
            var inboxNames = Set(((try? RawFolder.entries(of: inbox)) ?? []).compactMap(\.name))
            for name in names.sorted() {
                if let suffix = [".errors.txt", ".reply.txt"].first(where: name.hasSuffix) {
                    if !names.contains(String(name.dropLast(suffix.count))) {
                        unlink(rejected + "/" + name)
                        changed.insert(rejected)
                    }
                    continue
                }
                guard !name.hasPrefix("."), !names.contains(name + ".errors.txt") else { continue }
                // Rejected without its reasons: back to the inbox, under a name free there, to be read again.
                var candidate = name
                var n = 2
                while inboxNames.contains(candidate) {
                    candidate = "\(n)-\(name)"
                    n += 1
                }
                try DurableFile.move(rejected + "/" + name, to: inbox + "/" + candidate)
                inboxNames.insert(candidate)
                changed.formUnion([rejected, inbox])
                lines.append("recovered  \(Collector.shown(rejected + "/" + name)) had no .errors.txt beside it (a run was stopped); it is checked again")
            }
        }
        for folder in changed.sorted() { try DurableFile.syncFolder(folder) }
        return lines
    }

    private func removeTemporaryFiles(in folder: String, changed: inout Set<String>) {
        for entry in (try? RawFolder.entries(of: folder)) ?? [] where !entry.isFolder {
            guard let name = entry.name, DurableFile.isLeftover(name) else { continue }
            if unlink(folder + "/" + name) == 0 { changed.insert(folder) }
        }
    }
}
