import Testing

/// Three fictional briefings in the shapes partnerships publish, written for these tests. Each is
/// turned into .docx, .odt and .pdf by the real converters at test time.
struct BriefingShape: Sendable, CustomTestStringConvertible {
    var name: String
    var markdown: String
    /// The slug the import should choose from the title.
    var slug: String
    var sectionTitles: [String]
    /// Every list item of the learning sections, in order, with its nesting depth.
    var points: [(text: String, depth: Int)]
    var themes: [String]
    var testDescription: String { name }

    /// The seed's own layout: a bold number on its line, a bold title, the response form pasted after.
    static let seedLike = BriefingShape(name: "seed's layout", markdown: """
    **01**

    **Background**

    Sam is a baby who lived with his mother and her partner. The family moved into the area shortly before Sam was born.

    **02**

    **Safeguarding concerns**

    In the area the family came from, agencies had been worried about domestic abuse. Those records had not reached local services when Sam was born.

    **03**

    **The incident**

    When Sam was four months old, his mother took him to the GP with a swollen arm. He was referred to hospital, where doctors found injuries that were thought to be non-accidental.

    **04**

    **The review**

    The review identified the following key themes:

    - Voice of the Child and Lived Experience
    - Strategy Meetings

    **05**

    **The findings**

    - Records from the previous area did not reach the health visitor before Sam was born.
        - Practitioners did not ask the family where they had lived before.
    - A strategy discussion was not held when a small bruise was first seen on Sam at eight weeks old.
    - Records described the adults in detail but said little about what a day was like for Sam.

    **06**

    **Recommendations**

    - The partnership should seek assurance that health records follow families who move between areas.
    - Partner agencies should remind staff that any bruise on a baby who is not yet mobile needs a strategy discussion.
        - Health visitors should ask where a family lived before at the first visit.
    - Assessments should describe the baby's day, from the baby's point of view.

    **07**

    **Implementing change**

    - Reflect on the findings and discuss the implications for your service or practice.

    Name of Organisation .....

    Team Manager .....

    **What actions have been agreed to improve practice?**

    """, slug: "sam",
    sectionTitles: ["Background", "Safeguarding concerns", "The incident", "The review", "The findings", "Recommendations", "Implementing change"],
    points: [("Records from the previous area did not reach the health visitor before Sam was born.", 0),
             ("Practitioners did not ask the family where they had lived before.", 1),
             ("A strategy discussion was not held when a small bruise was first seen on Sam at eight weeks old.", 0),
             ("Records described the adults in detail but said little about what a day was like for Sam.", 0),
             ("The partnership should seek assurance that health records follow families who move between areas.", 0),
             ("Partner agencies should remind staff that any bruise on a baby who is not yet mobile needs a strategy discussion.", 0),
             ("Health visitors should ask where a family lived before at the first visit.", 1),
             ("Assessments should describe the baby's day, from the baby's point of view.", 0)],
    themes: ["voice-of-the-child", "strategy-meetings"])

    /// Numbered headings in Word's heading styles, numbered lists of findings, its own titles.
    static let numberedHeadings = BriefingShape(name: "numbered headings in heading styles", markdown: """
    # Seven minute briefing: Child T

    ## 1. The case

    Child T was fourteen when she was found to be missing from school for several weeks. She lived with her father, who worked nights.

    ## 2. Why it matters

    Children who are missing from education can be at risk of exploitation, and are often unseen by every agency at once.

    ## 3. What happened

    The school recorded each absence and wrote to her father, but no agency visited the home until she was found in another town.

    ## 4. The review

    The review looked at these key themes:

    - Strategy meetings
    - Voice of the child and lived experience

    ## 5. What the review found

    1. The school's letters were not followed up when no reply came.
        - Nobody asked T herself why she was not in school.
    2. A strategy meeting was not held when the police found her with older men.

    ## 6. What needs to change

    1. Schools should refer a child who is missing education after ten days without contact.
    2. The partnership should check that strategy meetings are held when a child is found with adults who may exploit them.
        - Police should share what they know the same day.

    ## 7. Questions for your team

    - Who would notice if a child you work with stopped going to school?
    """, slug: "child-t",
    sectionTitles: ["The case", "Why it matters", "What happened", "The review", "What the review found", "What needs to change", "Questions for your team"],
    points: [("The school's letters were not followed up when no reply came.", 0),
             ("Nobody asked T herself why she was not in school.", 1),
             ("A strategy meeting was not held when the police found her with older men.", 0),
             ("Schools should refer a child who is missing education after ten days without contact.", 0),
             ("The partnership should check that strategy meetings are held when a child is found with adults who may exploit them.", 0),
             ("Police should share what they know the same day.", 1)],
    themes: ["strategy-meetings", "voice-of-the-child"])

    /// A thematic briefing: from no single case, no numbers, its learning as what to look for and do.
    static let thematic = BriefingShape(name: "thematic, no numbers", markdown: """
    # Professional curiosity: the adults in a child's life

    Published: 4 December 2026

    ## What is professional curiosity?

    Professional curiosity is looking beyond what a family tells you, and asking who else is part of a child's life.

    Key themes:

    - Professional curiosity
    - Voice of the Child and Lived Experience

    ## Why it matters

    Reviews often find that a man in the household was unknown to agencies. A child's safety depends on the adults around them, not only on the parent practitioners see.

    ## Things to look out for

    - A new partner who is mentioned but never met.
    - A child who talks about an adult nobody has asked about.
        - Be curious when a parent changes the subject.

    ## What you should do

    - Ask who lives in the home and who visits, at every contact.

    ## Questions for reflection

    - When did you last ask a parent about the other adults in a child's life?
    """, slug: "professional-curiosity",
    sectionTitles: ["What is professional curiosity?", "Why it matters", "Things to look out for", "What you should do", "Questions for reflection"],
    points: [("A new partner who is mentioned but never met.", 0),
             ("A child who talks about an adult nobody has asked about.", 0),
             ("Be curious when a parent changes the subject.", 1),
             ("Ask who lives in the home and who visits, at every contact.", 0),
             ("When did you last ask a parent about the other adults in a child's life?", 0)],
    themes: ["Professional curiosity", "voice-of-the-child"])
}
