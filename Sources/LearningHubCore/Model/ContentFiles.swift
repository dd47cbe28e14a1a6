import Foundation

/// Images and documents kept beside the words, in `Content/files/`: copied into `Public/files/` as
/// they are, so that a link written relative to the Markdown file (`../files/review.pdf`) holds on
/// the page too.
enum ContentFiles {
    static let folder = "files"

    /// Every file under `Content/files/` (hidden ones left out), by its path relative to `Content/`, with its size.
    static func scan(_ contentDirectory: URL) -> [String: Int] {
        let root = contentDirectory.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else { return [:] }
        var result: [String: Int] = [:]
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]), values.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            result[folder + "/" + path.dropFirst(prefix.count)] = values.fileSize ?? 0
        }
        return result
    }

    /// "PDF, 1.2 MB": what a link to a document says after it. Nil for a page-like file.
    static func describe(_ path: String, size: Int) -> String? {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let kinds = ["pdf": "PDF", "doc": "Word document", "docx": "Word document", "odt": "OpenDocument text",
                     "xls": "Excel spreadsheet", "xlsx": "Excel spreadsheet", "ods": "OpenDocument spreadsheet", "csv": "CSV",
                     "ppt": "PowerPoint", "pptx": "PowerPoint", "odp": "OpenDocument presentation", "txt": "Text",
                     "png": "PNG image", "jpg": "JPEG image", "jpeg": "JPEG image", "gif": "GIF image", "svg": "SVG image",
                     "webp": "WebP image", "mp3": "MP3 audio", "mp4": "MP4 video", "zip": "ZIP archive"]
        let kind = kinds[ext] ?? (ext.isEmpty ? "File" : ext.uppercased() + " file")
        return "\(kind), \(Self.size(size))"
    }

    /// 1,234,567 bytes as "1.2 MB"; decimal units, as file managers show them.
    static func size(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) bytes" }
        let units = ["KB", "MB", "GB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 999.95, unit < units.count - 1 { value /= 1000; unit += 1 }
        let tenths = Int((value * 10).rounded())
        return tenths >= 100 ? "\(tenths / 10) \(units[unit])" : "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
