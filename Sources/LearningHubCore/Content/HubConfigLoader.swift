import Foundation

/// Reading `Content/hub.yml` into a `HubConfig`.
extension HubConfig {
    /// Loads and checks `hub.yml`, recording every problem in `log`.
    public static func load(contentDirectory: URL, displayRoot: String, log: inout DiagnosticLog) -> HubConfig? {
        let url = contentDirectory.appendingPathComponent(fileName)
        let path = displayRoot + "/" + fileName
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            log.error(SourceLocation(path: path), "the hub's settings file is missing or is not UTF-8 text; create it (see docs/content.md)")
            return nil
        }
        var fields = YAMLFields(yaml: text, path: path)
        let title = fields.string("title", describe: "the hub's name, shown on every page")
        let partnership = fields.string("partnership", describe: "the safeguarding partnership's name")
        let email = fields.string("responses_email", describe: "the address teams send their responses to")
        let description = fields.string("description", describe: "a sentence or two on what the hub is for")
        let baseURL = fields.string("base_url", required: false)
        var basePath = fields.string("base_path", required: false) ?? "/"
        if !basePath.hasPrefix("/") { basePath = "/" + basePath }
        if !basePath.hasSuffix("/") { basePath += "/" }
        let publish = fields.bool("publish_staff_names", default: false)
        let asOf = fields.date("as_of", required: false)
        if let email, !email.contains("@") || email.contains(" ") {
            fields.log.error(fields.location(of: "responses_email"), "'responses_email' should be an email address, like learning@example.org")
        }
        var columns: [String: String] = [:]
        for entry in fields.listMapping("response_columns") {
            guard TeamResponse.formQuestions[entry.key] != nil else {
                fields.log.error(entry.location, "'response_columns' has no field '\(entry.key)'; the fields are \(TeamResponse.formQuestions.keys.sorted().joined(separator: ", "))")
                continue
            }
            if let header = entry.values.first?.0, !header.isEmpty { columns[entry.key] = header }
        }
        let sheet = fields.string("response_sheet", required: false)
        let personal = fields.string("personal_data", required: false) ?? "warn"
        if !["warn", "hold"].contains(personal) {
            fields.log.error(fields.location(of: "personal_data"), "'personal_data' should be 'warn' (file such a response with a warning) or 'hold' (keep it in held/ until you release it)")
        }
        var partnershipType = PartnershipType.children
        if let text = fields.string("partnership_type", required: false) {
            if let t = PartnershipType(rawValue: RoleVocabulary.fold(text)) { partnershipType = t } else {
                fields.log.error(fields.location(of: "partnership_type"), "'partnership_type' should be children, adults or joint, not '\(text)'")
            }
        }
        var vocabulary = RoleVocabulary()
        for entry in fields.listMapping("section_roles") where !vocabulary.add(phrases: entry.values.map(\.0), to: entry.key) {
            fields.log.error(entry.location, "'section_roles' names the role '\(entry.key)', which does not exist; the roles are \(vocabulary.names.joined(separator: ", "))")
        }
        fields.warnAboutUnknownFields()
        log.append(contentsOf: fields.log.diagnostics)
        guard let title, let partnership, let email, let description else { return nil }
        var config = HubConfig(title: title, partnership: partnership, responsesEmail: email, description: description,
                         baseURL: baseURL, basePath: basePath, publishStaffNames: publish, asOf: asOf,
                         responseColumns: columns, responseSheet: sheet, partnershipType: partnershipType,
                         vocabulary: vocabulary)
        config.holdPersonalData = personal == "hold"
        return config
    }
}
