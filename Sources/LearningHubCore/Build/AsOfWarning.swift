import Foundation

extension AsOfCheck {
    /// Warns when `as_of` in hub.yml (not `--as-of`, which a person gives on purpose for one build)
    /// is earlier than the newest briefing or response.
    static func warn(_ hub: Hub, options: BuildOptions, log: inout DiagnosticLog) {
        guard options.asOf == nil, let pinned = hub.config.asOf, let newest = newest(hub), newest > pinned else { return }
        let url = options.content.appendingPathComponent(HubConfig.fileName)
        let lines = (try? String(contentsOf: url, encoding: .utf8))?.split(separator: "\n", omittingEmptySubsequences: false) ?? []
        let line = (lines.firstIndex { $0.hasPrefix("as_of:") } ?? 0) + 1
        log.warning(SourceLocation(path: options.displayContent + "/" + HubConfig.fileName, line: line, column: 1),
                    "'as_of' is \(pinned.iso), earlier than the newest briefing or response (\(newest.iso)); overdue and due dates are judged on \(pinned.iso). Move it on, or remove it to judge on the day of each build")
    }
}
