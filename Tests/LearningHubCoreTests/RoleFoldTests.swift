import Foundation
import Testing
@testable import LearningHubCore

/// `RoleVocabulary.fold` and `guess` take a byte path for ASCII titles; it must give what the
/// Foundation path gives for every title (`SectionRoles.swift`).
@Suite("Section titles folded on bytes as through Foundation")
struct RoleFoldTests {
    @Test func everyASCIITitleFoldsAsFoundationFoldsIt() {
        let titles = ["05 What the Review FOUND", "  Key   messages:\t", "Team's discussion", "Look-out-for (signs)",
                      "R2.1 Recommendations!", "", "---", "9 Things_to_note", "What's next?\r\n", "A\u{7F}B", "Z@[`{"]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<500).map { _ in String(decoding: (0..<Int.random(in: 0...24, using: &generator)).map { _ in UInt8.random(in: 0...0x7F, using: &generator) }, as: UTF8.self) }
        for title in titles + random {
            #expect(RoleVocabulary.fold(title) == RoleVocabulary.foldThroughFoundation(title), "\(title.debugDescription)")
        }
    }

    @Test func aTitleIsGuessedTheSameWithOrWithoutAccents() {
        let vocabulary = RoleVocabulary()
        #expect(vocabulary.guess("What the review found").role.name == "findings")
        #expect(vocabulary.guess("Ce que la revue a trouvé: what we found").role.name == "findings")
        #expect(vocabulary.guess("Résources").role.name == "resources")
        #expect(vocabulary.guess("Key findingsX").role.name != "findings")
        #expect(vocabulary.guess("xfindings").sure == false)
    }

    /// Titles made of the phrases' own words, overlapping and cut short, with a hub's added phrases
    /// (one of them the same as a built-in one of another role, one longer): the word-at-a-time
    /// match gives what trying every phrase gives, ties and all.
    @Test func aTitleGetsTheRoleEveryPhraseWouldGiveIt() {
        var vocabulary = RoleVocabulary()
        _ = vocabulary.add(phrases: ["The review", "what the review found out", "Ein Überblick"], to: "findings")
        let words = Set(vocabulary.roles.flatMap(\.phrases).flatMap { $0.split(separator: " ").map(String.init) }).sorted()
            + ["of", "and", "team", "x"]
        var generator = SystemRandomNumberGenerator()
        let titles = (0..<2_000).map { _ in
            (0..<Int.random(in: 0...7, using: &generator)).map { _ in words[Int.random(in: 0..<words.count, using: &generator)] }.joined(separator: " ")
        } + vocabulary.roles.flatMap(\.phrases) + ["", "what the review", "key findings key messages", "ein uberblick", "what to donate", "what the review foundation", "good practices"]
        for title in titles {
            let guessed = vocabulary.guess(title), expected = vocabulary.guessByEveryPhrase(" " + RoleVocabulary.fold(title) + " ")
            #expect(guessed.role == expected.role && guessed.sure == expected.sure, "\(title.debugDescription)")
        }
    }
}

/// `TeamIdentity.normalised` takes a byte path for ASCII names; it must give what the Foundation
/// path gives, or a team's resubmission would be filed as another team's (`NameSlug.swift`).
@Suite("Team names normalised on bytes as through Foundation")
struct TeamIdentityFoldTests {
    @Test func everyASCIINameNormalisesAsFoundationDoes() {
        let names = ["Northshire Police", "  Safeguarding   TEAM\t", "Team\r\nA", "A\u{0B}B\u{0C}C", "", " ", "O'Brien & Co.", "Z@[`{|}~\u{7F}"]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<500).map { _ in String(decoding: (0..<Int.random(in: 0...24, using: &generator)).map { _ in UInt8.random(in: 0...0x7F, using: &generator) }, as: UTF8.self) }
        for name in names + random {
            #expect(TeamIdentity.normalised(name) == TeamIdentity.normalisedThroughFoundation(name), "\(name.debugDescription)")
        }
        #expect(TeamIdentity.key(organisation: "Northshire  Police", team: "safeguarding team")
                == TeamIdentity.key(organisation: "northshire police", team: " Safeguarding Team "))
    }
}

/// `Slug.make` takes a byte path for ASCII text; it must give what the scalar path gives, or
/// records and pages already published would change their addresses (`NameSlug.swift`).
@Suite("Slugs made on bytes as through Unicode scalars")
struct SlugASCIITests {
    @Test func everyASCIITextSlugsAsTheScalarPathDoes() {
        let texts = ["Northshire Police", "Children & Families", "&", "O'Brien's Team", "--a--", "", "   ", "A&&B", "Z@[`{|}~\u{7F}", "Tab\tLine\nEnd&"]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<500).map { _ in String(decoding: (0..<Int.random(in: 0...24, using: &generator)).map { _ in UInt8.random(in: 0...0x7F, using: &generator) }, as: UTF8.self) }
        for text in texts + random {
            #expect(Slug.make(text) == Slug.makeThroughUnicode(text), "\(text.debugDescription)")
        }
        #expect(Slug.make("Children & Families") == "children-and-families")
    }
}

/// A pipe table's delimiter row, recognised with or without the byte check in front of Foundation's trimming.
@Suite("Pipe tables' delimiter rows")
struct DelimiterRowTests {
    @Test func delimiterRowsAreRecognisedAndOtherLinesAreNot() {
        #expect(PipeTable.delimiterRow("| --- | :-: | --: |") == [.none, .centre, .right])
        #expect(PipeTable.delimiterRow("\t:--|---") == [.left, .none])
        // A no-break space is whitespace to Foundation: the row is still a row.
        #expect(PipeTable.delimiterRow("\u{A0}| --- | --- |\u{A0}") == [.none, .none])
        #expect(PipeTable.delimiterRow("a | b") == nil)
        #expect(PipeTable.delimiterRow("---") == nil)
        #expect(PipeTable.delimiterRow("| --- | x |") == nil)
        #expect(PipeTable.delimiterRow("| –– |") == nil)
    }
}

@Suite("Whole folded words found on bytes as String's contains finds them")
struct HasWordsTests {
    @Test func hasWordsAnswersAsContains() {
        let cases = [("findings", "key findings"), ("findings", "findings of the review"), ("find", "findings"), ("", ""), ("", "a"),
                     ("a b", "x a b y"), ("a b", "a bc"), ("good practice", "good practice"), ("résumé", "le résumé"), ("x", "")]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<300).map { _ in
            (String((0..<Int.random(in: 0...3, using: &generator)).map { _ in (["a", "b", " "] as [Character])[Int.random(in: 0...2, using: &generator)] }),
             String((0..<Int.random(in: 0...8, using: &generator)).map { _ in (["a", "b", " "] as [Character])[Int.random(in: 0...2, using: &generator)] }))
        }
        for (words, text) in cases + random {
            #expect(RoleVocabulary.hasWords(words, in: text) == (" " + text + " ").contains(" " + words + " "), "\(words.debugDescription) in \(text.debugDescription)")
        }
    }
}

@Suite("An action's status as pages show it")
struct StatusLabelTests {
    @Test func labelsAndSlugsAreTheRawValuesCapitalisedAndSlugged() {
        for status in ActionStatus.allCases {
            #expect(status.label == status.rawValue.prefix(1).uppercased() + status.rawValue.dropFirst())
            #expect(status.slug == Slug.make(status.rawValue))
        }
    }
}
