#!/usr/bin/env python3
"""Deterministic synthetic corpus for the Learning Hub benchmark (standard library only).

Writes, under --out:

  Content/            a hub in the project's own format: hub.yml (as_of pinned), 10 themes, two free
                      pages, a small teams.yml and N briefings (seven '##' sections, 8 findings and
                      6 recommendations each, some nested like F2.1, 3 of the 10 themes, about 5 KB)
  Content/responses/  with --prefile: the M responses already filed, for build-only runs
  inbox/              with --responses M: M response forms in the collector's input format (.md)
  hugo/               with --hugo: the same briefings as a Hugo site (base layout, single page,
                      list pages, taxonomy pages for the themes)

Everything comes from word lists and a fixed seed: the same arguments always give the same bytes,
and briefing i is the same whatever N is (so the N = 1,000 hub is the first 1,000 briefings of the
N = 4,000 one). Run with --help for the options.
"""

import argparse
import json
import os
import random
import shutil
import sys

SEED = 7
AS_OF = "2026-11-27"

THEMES = [
    ("strategy-meetings", "Strategy meetings",
     "When agencies should hold a strategy meeting about a child, who should attend, and what Working Together expects of it."),
    ("graded-care-profile", "Graded Care Profile",
     "Using the Graded Care Profile to assess neglect, and making sure its findings shape the plan for the child."),
    ("voice-of-the-child", "Voice of the child and lived experience",
     "Hearing what children say and seeing what their daily life is like, including babies and non-verbal children."),
    ("gp-information-sharing", "Information sharing with GP practices",
     "What GP practices hold, what other agencies can expect of them, and how information reaches the right clinician."),
    ("signs-of-safety", "Signs of Safety",
     "How the Signs of Safety model is used in practice, and where it helps or hinders assessment of risk."),
    ("professional-curiosity", "Professional curiosity",
     "Asking the next question, checking what parents say, and not taking an account at face value."),
    ("domestic-abuse", "Domestic abuse",
     "Recognising domestic abuse as harm to the child, and working with both the victim and the person who harms."),
    ("escalation", "Escalation and challenge",
     "Using the escalation policy when professionals disagree, and making challenge part of everyday practice."),
    ("neglect", "Neglect",
     "Recognising the cumulative impact of neglect over time, and acting before it becomes entrenched."),
    ("parental-mental-health", "Parental mental health",
     "Thinking family when a parent has poor mental health, and joining up adult and children's services."),
]

CHILDREN = ["Ben", "Amira", "Callum", "Daisy", "Ethan", "Freya", "George", "Hana", "Isaac", "Jade", "Kai", "Lily",
            "Mason", "Nadia", "Oscar", "Poppy", "Quinn", "Rosie", "Sami", "Tia", "Umar", "Violet", "Wren", "Xander",
            "Yasmin", "Zac", "Alfie", "Bella", "Charlie", "Dylan", "Evie", "Finn", "Grace", "Harvey", "Isla", "Jacob",
            "Kayla", "Leo", "Maya", "Noah", "Olivia", "Preston", "Ruby", "Sophie", "Theo", "Ellis", "Logan", "Millie"]

AGES = ["a six-month-old baby", "a pre-school child", "a two-year-old", "a child of primary school age",
        "a ten-year-old", "a fourteen-year-old", "a newborn baby", "a teenager", "a four-year-old", "a nine-year-old"]

HOUSEHOLDS = ["their mother and an older sibling", "their father and his partner", "their maternal grandparents",
              "their mother, her partner and three siblings", "a kinship carer", "both parents and a younger sibling",
              "their mother at a series of temporary addresses", "their father, after their mother left the home"]

CONCERNS = ["neglect", "domestic abuse", "parental mental ill health", "parental substance misuse", "poor home conditions",
            "missed health appointments", "poor attendance at school", "unexplained bruising", "criminal exploitation",
            "inappropriate carers", "a transient lifestyle", "poverty and debt", "disguised compliance",
            "a lack of supervision", "anti-social behaviour in the home", "delayed development"]

INCIDENTS = ["bruising to a pre-school child", "a serious head injury to a baby", "the death of an infant in an unsafe sleeping arrangement",
             "criminal exploitation of a teenager", "severe and long-standing neglect", "a serious self-harm incident",
             "the ingestion of prescription medication", "a fracture in a non-mobile baby", "burns to a toddler",
             "sexual abuse within the family", "a child missing from home for several days", "a house fire while children were alone"]

REVIEW_KINDS = ["Child Safeguarding Practice Review", "Rapid Review", "Local Learning Review", "Multi-agency Case Audit"]

AGENCIES = ["Health visitors", "The GP practice", "Children's social care", "The police", "The school", "Midwifery services",
            "The emergency department", "Adult mental health services", "Early help practitioners", "The nursery",
            "Substance misuse services", "Housing officers", "The school nurse", "Probation", "CAMHS"]

PRACTICES = ["share information with partner agencies", "hear the voice of the child", "consider the lived experience of the child",
             "escalate concerns through the partnership's escalation policy", "hold a strategy meeting",
             "use the Graded Care Profile", "record the views of fathers and male carers",
             "check the history held by other agencies", "challenge disguised compliance", "follow up missed appointments",
             "think about the whole family", "review the chronology before closing the case"]

TRIGGERS = ["a referral was closed", "the child protection plan ended", "the family moved between areas",
            "concerns were raised by the school", "the child was not brought to appointments",
            "the mother disclosed domestic abuse", "a new adult joined the household",
            "the case was stepped down to Child in Need", "the child was seen with a mark on the face",
            "the parent declined a home visit"]

CONSEQUENCES = ["the cumulative impact of neglect was not recognised", "the risk to the child was underestimated",
                "opportunities to intervene earlier were missed", "professionals relied on the parent's account",
                "no single agency held the full picture", "the plan did not change when the risks did",
                "the child's daily experience was not understood"]

PARTNERS = ["The partnership", "All partner agencies", "Children's social care", "Health partners", "The police",
            "Education settings", "The designated safeguarding leads' network", "Commissioners"]

ACTIONS = ["seek assurance that the Graded Care Profile training is completed and embedded in practice",
           "audit the quality and timeliness of strategy meetings", "review the step-down process from child protection to Child in Need",
           "develop guidance on working with fathers and male carers", "strengthen information sharing with GP practices",
           "promote professional curiosity through reflective supervision", "refresh the escalation policy and make it known to frontline staff",
           "commission multi-agency training on recognising neglect", "make sure that the voice of non-verbal children is recorded in assessments",
           "test how well chronologies are shared when a family moves between areas"]

ORGANISATIONS = ["Northshire Police", "Northshire County Council Children's Services", "Northshire Hospitals NHS Foundation Trust",
                 "Northshire Community Health NHS Trust", "Northshire Mental Health NHS Foundation Trust", "Millbrook Medical Practice",
                 "Riverside Primary School", "Little Acorns Day Nursery", "Northshire Valley Academy", "Northshire Homes",
                 "Eastfield Surgery", "Westgate Health Centre", "St Mary's Catholic Primary School", "Oakwood High School",
                 "Northshire Ambulance Service", "Northshire Probation Delivery Unit", "Harbour Women's Aid", "Northshire Youth Justice Service",
                 "Brightstart Children's Centre", "Northshire Adult Social Care", "Hillside Academy Trust", "Northshire Drug and Alcohol Service",
                 "Northshire Fire and Rescue", "Greenway Housing Association", "Northshire Family Hubs", "Kingsmead Medical Group",
                 "Northshire Sexual Health Service", "Riverside College", "Northshire Virtual School", "Northshire Leisure Trust",
                 "Meadowbank Nursery", "Northshire CAMHS", "Lakeside Pharmacy Group", "Northshire Education Welfare Service",
                 "Northshire Libraries", "Brookfield Special School", "Northshire Early Years Service", "Northshire Dental Service",
                 "Harbour View Surgery", "Northshire Integrated Care Board"]

TEAMS = ["Safeguarding Team", "Locality Assessment Team (North)", "Early Help Family Support Team (South)",
         "Designated Safeguarding Lead and Pastoral Team", "Health Visiting Team (East)", "Public Protection Unit",
         "Community Mental Health Team (Central)", "Practice Team"]

FIRST = ["Alex", "Sam", "Jo", "Chris", "Priya", "Tom", "Aisha", "Mark", "Helen", "Ravi", "Claire", "Owen", "Nina", "Dev"]
LAST = ["Smith", "Patel", "Jones", "Khan", "Taylor", "Brown", "Williams", "Ahmed", "Evans", "Wilson", "Hughes", "Clarke"]

DISCUSSIONS = ["The team discussed how often we close a case when the parent engages well at first, without checking what has changed for the child.",
               "We agreed that we rarely record what a baby's day looks like, and that a home visit should always include seeing where the child sleeps.",
               "Colleagues said that invitations to meetings often arrive with too little notice, so a written report is usually the realistic contribution.",
               "We talked about a family we know where the same pattern of missed appointments is happening, and what we would do differently now.",
               "The team was not sure when to use the escalation policy; several people had never used it and did not know where to find it.",
               "We discussed how fathers and male carers are often missing from our records, even when they live in the home.",
               "Staff reflected on how easy it is to accept a parent's explanation for a mark or an injury without asking the next question."]

ACTION_WHAT = ["Add a prompt about the child's daily life to the home visit template.", "Run a team session on the escalation policy.",
               "Audit ten closed cases for evidence that the child was seen and spoken to.", "Record fathers and male carers on every new referral.",
               "Share the briefing with every new starter as part of induction.", "Agree a named lead for information requests from other agencies.",
               "Review how missed appointments are followed up and by whom.", "Invite the GP practice to our next case discussion."]

WHO = ["Team Manager", "Designated Safeguarding Lead", "Named Nurse for Safeguarding", "Practice Manager", "Senior Practitioner",
       "Head of Service", "Safeguarding Lead GP"]

PAGE_ABOUT = """---
title: About the hub
summary: What the hub is for.
order: 10
---

## What the hub is

A synthetic hub for the benchmark. Each briefing is made from word lists with a fixed seed.

## Who the briefings are about

Nobody: every child, family and team in it is invented.
"""

PAGE_PRIVACY = """---
title: Privacy
summary: What is published.
order: 20
---

## What we publish

Responses are published without contact details. See [about the hub](about.md#what-the-hub-is).
"""


def slug(text):
    """The builder's Slug.make."""
    out = []
    last_dash = True
    for ch in text.lower():
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
            last_dash = False
        elif ch == "&":
            if not last_dash:
                out.append("-")
            out.append("and-")
            last_dash = True
        elif not last_dash and ch not in "'\u2019":
            out.append("-")
            last_dash = True
    s = "".join(out).rstrip("-")
    return s or "untitled"


def quote(text):
    return json.dumps(text, ensure_ascii=False)


class Briefing:
    """Briefing i, independent of N."""

    def __init__(self, i):
        r = random.Random(SEED * 1_000_003 + i)
        self.i = i
        self.child = CHILDREN[i % len(CHILDREN)]
        self.slug = "%s-%05d" % (slug(self.child), i + 1)
        self.incident = r.choice(INCIDENTS)
        self.title = "%s: %s" % (self.child, self.incident)
        year = 2019 + (i * 7) % 8
        month = 1 + (i * 5) % 12
        day = 1 + (i * 11) % 28
        self.published = "%04d-%02d-%02d" % (year, month, day)
        self.kind = r.choice(REVIEW_KINDS)
        self.themes = [t[0] for t in r.sample(THEMES, 3)]
        age, household = r.choice(AGES), r.choice(HOUSEHOLDS)
        c = r.sample(CONCERNS, 5)
        self.summary = "%s living with %s came to harm through %s after concerns about %s and %s." % (
            age[0].upper() + age[1:], household, self.incident, c[0], c[1])
        self.r = r
        self.age, self.household, self.concerns = age, household, c
        # Findings F1..F6 with F2.1 and F4.1; recommendations R1..R5 with R3.1.
        self.findings = []
        for n in range(1, 7):
            self.findings.append(("F%d" % n, 0, self.finding()))
            if n in (2, 4):
                self.findings.append(("F%d.1" % n, 1, self.finding()))
        self.recommendations = []
        for n in range(1, 6):
            self.recommendations.append(("R%d" % n, 0, self.recommendation()))
            if n == 3:
                self.recommendations.append(("R3.1", 1, self.recommendation()))
        # One theme is narrowed to a few items with theme_items; the other two cover the whole briefing.
        self.theme_items = {self.themes[0]: ["F1", "F2.1", "R3"]}

    def sentence(self):
        r = self.r
        return r.choice([
            "%s had contact with the family on several occasions, but did not %s when %s." % (r.choice(AGENCIES), r.choice(PRACTICES), r.choice(TRIGGERS)),
            "Professionals had longstanding concerns about %s and %s." % (r.choice(CONCERNS), r.choice(CONCERNS)),
            "When %s, %s was not shared with the agencies that knew the family." % (r.choice(TRIGGERS), r.choice(["the history", "the chronology", "the plan", "the assessment"])),
            "As a result, %s." % r.choice(CONSEQUENCES),
            "%s recorded %s, but this was not linked to earlier concerns about %s." % (r.choice(AGENCIES), r.choice(CONCERNS), r.choice(CONCERNS)),
            "The review heard that practitioners were *stretched*, and that supervision focused on process rather than on the child.",
        ])

    def paragraph(self, n):
        return " ".join(self.sentence() for _ in range(n))

    def finding(self):
        r = self.r
        return "%s did not consistently %s when %s. This meant that %s." % (
            r.choice(AGENCIES), r.choice(PRACTICES), r.choice(TRIGGERS), r.choice(CONSEQUENCES))

    def recommendation(self):
        r = self.r
        return "%s should %s, and report progress to the partnership within %d months." % (
            r.choice(PARTNERS), r.choice(ACTIONS), r.choice([3, 6, 9, 12]))

    def body(self, links):
        """links: 'hub' (relative .md links, as the hub wants) or 'hugo' (Hugo's pretty URLs)."""
        other = (self.i + 1) if self.i == 0 else (self.i - 1)
        other_slug = Briefing.slug_of(other)
        def theme_link(t):
            return "../themes/%s.md" % t if links == "hub" else "../../themes/%s/" % t
        def briefing_link(s, anchor):
            return "%s.md#%s" % (s, anchor) if links == "hub" else "../%s/" % s
        name = {t[0]: t[1] for t in THEMES}
        out = ["", "## 01 Background", "",
               "%s is %s who lived with %s. %s" % (self.child, self.age, self.household, self.paragraph(3)), "",
               self.paragraph(4), "",
               "## 02 Safeguarding concerns", "",
               "Concerns included %s, %s and **%s**. %s" % (self.concerns[2], self.concerns[3], self.concerns[4], self.paragraph(3)), "",
               self.paragraph(3), "",
               "## 03 The incident", "",
               "%s was taken to hospital after %s. %s" % (self.child, self.incident, self.paragraph(3)), "",
               "## 04 The review", "",
               "The review identified the following key themes:", ""]
        for t in self.themes:
            out.append("- [%s](%s)" % (name[t], theme_link(t)))
        out += ["", "It builds on the learning from [an earlier review](%s)." % briefing_link(other_slug, "F2"), "",
                "## 05 The findings", ""]
        for id_, depth, text in self.findings:
            out.append(("  " * depth) + "- " + text)
        out += ["", "## 06 Recommendations", ""]
        for id_, depth, text in self.recommendations:
            out.append(("  " * depth) + "- " + text)
        out += ["", "## 07 Implementing change", "",
                "- Reflect on the findings and discuss the implications for your service and practice.",
                "- Identify the steps you and your team will take to improve practice in line with the recommendations.",
                "- Tell the partnership what you will change, citing the findings and recommendations by their IDs.", "",
                self.paragraph(2), ""]
        return "\n".join(out)

    @staticmethod
    def slug_of(i):
        return "%s-%05d" % (slug(CHILDREN[i % len(CHILDREN)]), i + 1)

    def hub_markdown(self):
        items = ", ".join(self.theme_items[self.themes[0]])
        front = ["---", "title: %s" % quote(self.title), "published: %s" % self.published,
                 "review_kind: %s" % self.kind, "child: %s" % self.child, "themes:"]
        front += ["  - %s" % t for t in self.themes]
        front += ["theme_items:", "  %s: [%s]" % (self.themes[0], items), "summary: %s" % quote(self.summary), "---"]
        return "\n".join(front) + "\n" + self.body("hub")

    def hugo_markdown(self):
        front = {"title": self.title, "date": self.published, "review_kind": self.kind, "child": self.child,
                 "themes": self.themes, "summary": self.summary}
        # JSON front matter: Hugo reads it natively, and it needs no YAML quoting rules here.
        return json.dumps(front, ensure_ascii=False, indent=1) + "\n" + self.body("hugo")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def hub_yml():
    return """# A synthetic hub for the benchmark (bench/gen_corpus.py).
title: Learning Hub
partnership: Northshire Safeguarding Children Partnership
responses_email: learning.hub@example.org
description: >-
  Learning from child safeguarding practice reviews, as 7-minute briefings for team meetings.
base_path: /
as_of: %s
publish_staff_names: false
""" % AS_OF


def teams_yml(n):
    lines = ["teams:"]
    for k in range(12):
        org = ORGANISATIONS[k]
        lines += ["  - organisation: %s" % quote(org), "    team: %s" % quote(TEAMS[k % len(TEAMS)]),
                  "    briefings: [%s]" % ", ".join(Briefing.slug_of((k * 37 + j * 101) % n) for j in range(5))]
    return "\n".join(lines) + "\n"


def team_of(t):
    """Team number t (0 ..< 320): (organisation, team)."""
    return ORGANISATIONS[t % len(ORGANISATIONS)], TEAMS[(t // len(ORGANISATIONS)) % len(TEAMS)]


TEAM_COUNT = len(ORGANISATIONS) * len(TEAMS)


def response(k, n, briefings_cache):
    """Response k of M: briefing k mod n; within a briefing every response is from a different team."""
    b = k % n
    round_ = k // n
    if round_ >= TEAM_COUNT:
        sys.exit("too many responses for %d briefings: at most %d" % (n, n * TEAM_COUNT))
    team_no = (round_ * 7 + b * 13) % TEAM_COUNT
    org, team = team_of(team_no)
    r = random.Random(SEED * 7_000_003 + k)
    br = briefings_cache(b)
    ids = [i for i, _, _ in br.findings + br.recommendations]
    sub_day = 1 + k % 27
    lines = ["---", "briefing: %s" % br.slug, "organisation: %s" % quote(org), "team: %s" % quote(team),
             "team_manager: %s" % quote("%s %s" % (r.choice(FIRST), r.choice(LAST))),
             "contact: %s" % quote("01632 96%04d" % (k % 10000)),
             "submitted: 2026-%02d-%02d" % (1 + k % 11, sub_day), "learning:"]
    for _ in range(r.choice([1, 2, 2, 3])):
        refs = r.sample(ids, r.choice([1, 2, 3]))
        lines += ["  - refs: [%s]" % ", ".join(refs), "    discussion: %s" % quote(r.choice(DISCUSSIONS))]
    lines.append("actions:")
    for _ in range(r.choice([1, 2, 2, 3])):
        status = r.choice(["not started", "in progress", "in progress", "done"])
        due = r.choice(["2026-%02d-%02d" % (r.randint(1, 12), r.randint(1, 28)), "2027-0%d-15" % r.randint(1, 6), "ongoing"])
        lines += ["  - what: %s" % quote(r.choice(ACTION_WHAT)), "    who: %s" % quote(r.choice(WHO)),
                  "    by_when: %s" % quote(due),
                  "    done_when: %s" % quote("The change is in place and recorded in the team's minutes."),
                  "    worked_when: %s" % quote("A follow-up audit shows the change in the records."),
                  "    status: %s" % status,
                  "    evidence: %s" % quote("The audit in the autumn found it in eight of ten records." if status == "done" and r.random() < 0.5 else "")]
    lines.append("---")
    notes = "" if r.random() < 0.6 else "\nThe team will revisit this briefing at its next away day.\n"
    return br.slug, org, team, "\n".join(lines) + "\n" + notes


HUGO_CONFIG = """baseURL = "/"
title = "Learning Hub"
relativeURLs = true
disableKinds = ["RSS", "robotsTXT"]
enableRobotsTXT = false

[taxonomies]
  theme = "themes"

[params]
  partnership = "Northshire Safeguarding Children Partnership"
  responses_email = "learning.hub@example.org"
  description = "Learning from child safeguarding practice reviews, as 7-minute briefings for team meetings."

[markup.goldmark.renderer]
  unsafe = false

[markup.tableOfContents]
  startLevel = 2
  endLevel = 2
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
<link rel="stylesheet" href="{{ "assets/print.css" | relURL }}" media="print">
</head>
<body>
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="site-header">
  <div class="width-container site-header__inner">
    <p class="site-header__name"><a href="{{ "/" | relURL }}">{{ site.Title }}</a> <span class="site-header__partnership">{{ site.Params.partnership }}</span></p>
    <nav class="site-nav" aria-label="Main">
      <ul>
        <li><a href="{{ "/" | relURL }}">Home</a></li>
        <li><a href="{{ "briefings/" | relURL }}">Briefings</a></li>
        <li><a href="{{ "themes/" | relURL }}">Themes</a></li>
      </ul>
    </nav>
  </div>
</header>
<div class="width-container">
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="{{ "/" | relURL }}">Home</a></li>{{ with .Parent }}{{ if not .IsHome }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ol></nav>
<main id="main-content" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
</div>
<footer class="site-footer">
  <div class="width-container">
    <p>Published by {{ site.Params.partnership }}. Send team responses to <a href="mailto:{{ site.Params.responses_email }}">{{ site.Params.responses_email }}</a>.</p>
  </div>
</footer>
</body>
</html>
""",
    "partials/briefing-card.html": """<li class="card">
  <h3 class="card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
  <p class="card__meta">{{ .Params.review_kind }} · Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time> · About {{ .ReadingTime }} minutes to read</p>
  <p>{{ .Params.summary }}</p>
  <p class="card__themes"><span class="visually-hidden">Themes: </span>{{ range .GetTerms "themes" }}<a class="tag" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</li>
""",
    "_default/single.html": """{{ define "main" }}
<article class="briefing">
  <header class="briefing__header">
    <p class="briefing__kind">7-minute briefing · {{ .Params.review_kind }}</p>
    <h1>{{ .Title }}</h1>
    <p class="lead">{{ .Params.summary }}</p>
    <dl class="meta">
      <div><dt>Published</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></dd></div>
      <div><dt>Child</dt><dd>{{ .Params.child }} (not the child's real name)</dd></div>
      <div><dt>Reading time</dt><dd>About {{ .ReadingTime }} minutes</dd></div>
      <div><dt>Themes</dt><dd>{{ range .GetTerms "themes" }}<a class="tag" href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd></div>
    </dl>
  </header>
  <nav class="clock" aria-labelledby="clock-heading">
    <h2 id="clock-heading" class="clock__heading">The seven sections</h2>
    {{ .TableOfContents }}
  </nav>
  <div class="briefing-sections">
  {{ .Content }}
  </div>
  <aside class="respond" aria-labelledby="respond-heading">
    <h2 id="respond-heading">Tell us what your team will do</h2>
    <p>After your team has discussed this briefing, send the partnership your response.</p>
    <p>Send it to <a href="mailto:{{ site.Params.responses_email }}">{{ site.Params.responses_email }}</a>.</p>
  </aside>
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="lead">Every 7-minute briefing, newest first.</p>
<ul class="card-list">
  {{ range .Pages.ByDate.Reverse }}{{ partial "briefing-card.html" . }}{{ end }}
</ul>
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}
<h1>Themes</h1>
<p class="lead">The subjects that reviews keep returning to.</p>
<ul class="card-list">
  {{ range .Data.Terms.Alphabetical }}
  <li class="card">
    <h2 class="card__title"><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></h2>
    <p>{{ .Page.Params.description }}</p>
    <p class="card__meta">{{ .Count }} briefings</p>
  </li>
  {{ end }}
</ul>
{{ end }}
""",
    "_default/term.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.description }}</p>
{{ .Content }}
<h2>Briefings on this theme</h2>
<ul class="card-list">
  {{ range .Pages.ByDate.Reverse }}{{ partial "briefing-card.html" . }}{{ end }}
</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p class="lead">{{ site.Params.description }}</p>
<section aria-labelledby="latest-heading">
  <h2 id="latest-heading">Latest briefings</h2>
  <ul class="card-list">
    {{ range first 5 (where site.RegularPages "Section" "briefings").ByDate.Reverse }}{{ partial "briefing-card.html" . }}{{ end }}
  </ul>
  <p><a href="{{ "briefings/" | relURL }}">See all briefings</a></p>
</section>
<section aria-labelledby="themes-heading">
  <h2 id="themes-heading">Themes</h2>
  <ul class="theme-list">
    {{ range site.Taxonomies.themes.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">({{ .Count }} briefings)</span></li>{{ end }}
  </ul>
</section>
{{ end }}
""",
    "404.html": """{{ define "main" }}
<h1>Page not found</h1>
<p class="lead">There is no page at this address.</p>
{{ end }}
""",
}


def generate(args):
    out = os.path.abspath(args.out)
    stamp_path = os.path.join(out, ".stamp.json")
    stamp = {"briefings": args.briefings, "responses": args.responses, "hugo": args.hugo, "prefile": args.prefile,
             "seed": SEED, "version": 4}
    if not args.force and os.path.exists(stamp_path):
        with open(stamp_path) as f:
            if json.load(f) == stamp:
                print("%s is up to date" % out)
                return
    if os.path.exists(out):
        shutil.rmtree(out)
    n = args.briefings
    cache = {}
    def briefing(i):
        if i not in cache:
            cache[i] = Briefing(i)
        return cache[i]

    content = os.path.join(out, "Content")
    write(os.path.join(content, "hub.yml"), hub_yml())
    write(os.path.join(content, "teams.yml"), teams_yml(n))
    write(os.path.join(content, "pages", "about.md"), PAGE_ABOUT)
    write(os.path.join(content, "pages", "privacy.md"), PAGE_PRIVACY)
    for s, name, description in THEMES:
        write(os.path.join(content, "themes", s + ".md"),
              "---\nname: %s\ndescription: %s\n---\n\n%s\n\nReviews ask whether agencies worked together on this, and what got in the way.\n"
              % (quote(name), quote(description), description))
    for i in range(n):
        b = briefing(i)
        write(os.path.join(content, "briefings", b.slug + ".md"), b.hub_markdown())

    if args.hugo:
        site = os.path.join(out, "hugo")
        write(os.path.join(site, "config.toml"), HUGO_CONFIG)
        for rel, text in HUGO_LAYOUTS.items():
            write(os.path.join(site, "layouts", rel), text)
        write(os.path.join(site, "content", "_index.md"), "---\ntitle: Learning Hub\n---\n")
        write(os.path.join(site, "content", "briefings", "_index.md"), "---\ntitle: Briefings\n---\n")
        write(os.path.join(site, "content", "themes", "_index.md"), "---\ntitle: Themes\n---\n")
        for s, name, description in THEMES:
            write(os.path.join(site, "content", "themes", s, "_index.md"),
                  "---\ntitle: %s\ndescription: %s\n---\n\n%s\n\nReviews ask whether agencies worked together on this, and what got in the way.\n"
                  % (quote(name), quote(description), description))
        theme_assets = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Theme", "assets")
        if os.path.isdir(theme_assets):
            shutil.copytree(theme_assets, os.path.join(site, "static", "assets"))
        for i in range(n):
            b = briefing(i)
            write(os.path.join(site, "content", "briefings", b.slug + ".md"), b.hugo_markdown())

    if args.responses:
        inbox = os.path.join(out, "inbox")
        os.makedirs(inbox, exist_ok=True)
        for k in range(args.responses):
            bslug, org, team, text = response(k, n, briefing)
            write(os.path.join(inbox, "r%06d-%s.md" % (k + 1, slug(org))), text)
            if args.prefile:
                write(os.path.join(content, "responses", bslug, "%s--%s.md" % (slug(org), slug(team))), text)

    with open(stamp_path, "w") as f:
        json.dump(stamp, f)
    print("wrote %s: %d briefings%s%s%s" % (out, n, ", %d responses in inbox/" % args.responses if args.responses else "",
                                           " (also filed under Content/responses/)" if args.prefile else "",
                                           ", Hugo site in hugo/" if args.hugo else ""))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--briefings", "-n", type=int, required=True, help="how many briefings (N)")
    p.add_argument("--responses", "-m", type=int, default=0, help="how many team responses to write to inbox/ (M)")
    p.add_argument("--prefile", action="store_true", help="also file the responses under Content/responses/")
    p.add_argument("--hugo", action="store_true", help="also write the same briefings as a Hugo site in hugo/")
    p.add_argument("--out", required=True, help="the folder to write (replaced)")
    p.add_argument("--force", action="store_true", help="regenerate even if the folder is up to date")
    generate(p.parse_args())


if __name__ == "__main__":
    main()
