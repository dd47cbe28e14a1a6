import Foundation

/// `Content/hub.yml`: what the site needs to know about the partnership that publishes it.
public struct HubConfig: Sendable, Hashable {
    public var title: String
    public var partnership: String
    /// Where teams send their response forms (an email address).
    public var responsesEmail: String
    /// One or two sentences for the home page: what the hub is for.
    public var description: String
    /// Optional absolute address of the site, used only for `sitemap.xml`; pages never need it.
    public var baseURL: String?
    /// The path the site is served under ("/" or "/learning/"); only the 404 page needs it,
    /// because a server shows that page at whatever address was asked for.
    public var basePath: String
    /// Whether team managers' names may be published (off by default, UK GDPR).
    public var publishStaffNames: Bool
    /// The day against which "overdue" is judged; pinned so that the sample hub builds reproducibly.
    public var asOf: CalendarDate?
    /// Header texts of CSV exports, by field, overriding the seed form's questions (see docs/responses.md).
    public var responseColumns: [String: String] = [:]
    /// The sheet of an .xlsx export to read; nil for the first (see docs/responses.md).
    public var responseSheet: String? = nil
    /// `personal_data: hold`: a response that may hold personal data waits in `held/` until the
    /// officer releases it; `warn` (the default) files it with the warnings.
    public var holdPersonalData = false
    /// A children's, an adults' or a joint partnership: what a briefing with no `kind` is called.
    public var partnershipType: PartnershipType = .children
    /// The section roles, with any title words hub.yml's `section_roles` adds.
    public var vocabulary = RoleVocabulary()

    public static let fileName = "hub.yml"

    /// What the model is checked with when hub.yml could not be read (its problems are reported).
    static let placeholder = HubConfig(title: "", partnership: "", responsesEmail: "", description: "", baseURL: nil,
                                       basePath: "/", publishStaffNames: false, asOf: nil)
}
