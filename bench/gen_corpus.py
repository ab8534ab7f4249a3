#!/usr/bin/env python3
"""Generate a synthetic peace-operations handbook for benchmarks, as three equivalent sites.

    python3 bench/gen_corpus.py --docs 1000 --seed 1 --out /tmp/corpus [--flavors handbook,zola,hugo]

writes

    OUT/handbook/  a complete handbook: site.yaml, content/documents/*.md, content/officials/*.md,
                   the _index.md files, data/sc-resolutions.csv and themes/handbook (both copied from
                   this repository)
    OUT/zola/      the same documents for Zola: config.toml, content/, templates/, static/
    OUT/zola-light/ (flavour `zola-light`) the same Zola site without taxonomies, timeline or the
                   home page's list of recent documents: every page, the documents list, feed,
                   sitemap, 404. Zola 0.22 spends most of its time and memory on those three
                   (`get_section` of 10,000 pages, term pages), which the handbook has no
                   counterpart of in cost; this is the site issue 27 measured (about 0.8-1 GB)
    OUT/hugo/      the same documents for Hugo: hugo.toml, content/, layouts/, static/
    OUT/seeds/     (flavour `seeds`, for `handbook import`) the handbook's skeleton and officials,
                   no documents, and seeds/*.txt: the same documents as raw text, shaped like a UN
                   News story copied from the web (title, dateline lead, plain paragraphs, web chrome)

Every flavour gets the same Markdown bodies byte for byte; only the front-matter syntax differs. The
Zola and Hugo sites have the taxonomies `officials` and `resolutions` (term pages list the documents
that name the term) and minimal templates equivalent to the handbook theme: page, section list,
home, timeline, 404, sitemap, Atom/RSS feed, robots.txt.

Documents are 600-1,200 words with headings, lists, tables, links to other documents, mentions of
real Security Council resolutions from data/sc-resolutions.csv ("resolution 2086 (2013)",
"resolutions 1325 (2000), 1820 (2008) and 2493 (2019)", "S/RES/2553 (2020)", always adopted on or
before the document's date) and of officials from a generated registry (by full name, "Mr. Surname",
and role references such as "the Secretary-General", which name whoever held the office on the
document's date).

Deterministic: the same --docs and --seed give the same bytes (each document has its own random
stream, seeded from "seed:index"). Python standard library only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = "1"

# --------------------------------------------------------------------------------------------------
# Vocabulary

MALE = [
    "Ahmed", "Alejandro", "Amadou", "André", "Björn", "Carlos", "Dmitri", "Emeka", "François", "Gustavo",
    "Hiroshi", "Ibrahim", "Jean-Pierre", "Jerzy", "João", "Kofi", "Lars", "Łukasz", "Mahamat", "Mateus",
    "Mehmet", "Miroslav", "Moussa", "Nikolai", "Olusegun", "Óscar", "Pedro", "Rafael", "Rashid", "Sergei",
    "Søren", "Tadesse", "Thabo", "Tomás", "Vikram", "Wang", "Xavier", "Yusuf", "Zoltán", "Ólafur",
]
FEMALE = [
    "Aïcha", "Amina", "Ana", "Beatriz", "Catalina", "Chiara", "Dagny", "Elif", "Fatou", "Gabriela",
    "Hélène", "Ingrid", "Ishani", "Jacqueline", "Karin", "Leila", "Lucía", "Mareike", "María", "Mercy",
    "Nadia", "Ngozi", "Noëlle", "Olga", "Paula", "Rosemary", "Sahle-Work", "Sigrid", "Sofía", "Thandiwe",
    "Ursula", "Valentina", "Wanjiru", "Ximena", "Yasmin", "Zainab", "Zoë", "Çağla", "Åsa", "Renée",
]
SURNAMES = [
    "Abdullahi", "Achterberg", "Adeyemi", "Al-Hassan", "Álvarez", "Andersson", "Asante", "Bakayoko",
    "Banerjee", "Barros", "Beauchamp", "Bergström", "Bianchi", "Brahimi", "Castañeda", "Çelik", "Chikwanha",
    "Coulibaly", "da Silva", "de la Fuente", "Diallo", "Dubois", "Eriksen", "Fernández", "Ferreira",
    "Gómez", "Grünberg", "Haddad", "Halvorsen", "Hernández", "Ibekwe", "Ivanova", "Jankowski", "Jiménez",
    "Kamara", "Kariuki", "Keïta", "Kowalczyk", "Kuznetsov", "Lindqvist", "Løvland", "Mahlangu", "Mansour",
    "Mbeki", "Mensah", "Moreau", "Müller", "Nakamura", "Ndiaye", "Nguyễn", "Novák", "Nyamweya", "O'Brien",
    "Okafor", "Okonkwo", "Oliveira", "Ortiz", "Osei", "Østergaard", "Papadopoulos", "Petrović", "Quispe",
    "Rahman", "Ramírez", "Rasmussen", "Rodríguez", "Sall", "Sánchez", "Sato", "Schäfer", "Sharma",
    "Sidibé", "Søndergaard", "Suárez", "Tanaka", "Touré", "Traoré", "Uwimana", "Valdés", "Van den Berg",
    "Vásquez", "Wagner", "Wójcik", "Yılmaz", "Zapata", "Zhou", "Zubiri", "Ødegaard", "Šimić", "Žukauskas",
]
SYLLABLES = [
    "ka", "ran", "bo", "mel", "ti", "sa", "dor", "vi", "len", "ko", "ma", "rí", "ze", "nu", "gal", "bé",
    "to", "lin", "vas", "ro", "de", "mi", "sen", "ya", "ho", "ler", "ni", "pa", "zu", "ché", "ta", "wen",
]
SURNAME_ENDINGS = ["", "", "son", "ović", "ez", "ini", "ou", "sky", "ter", "ano", "é", "berg", "ang"]

GLOBAL_OFFICES = [
    # (title, role reference used in text, first year, last year or None)
    ("Secretary-General of the United Nations", "the Secretary-General", 1946, None),
    ("Deputy Secretary-General of the United Nations", "the Deputy Secretary-General", 1998, None),
    ("Under-Secretary-General for Peace Operations", "the Under-Secretary-General for Peace Operations", 1992, None),
    ("Under-Secretary-General for Political and Peacebuilding Affairs", "the head of political affairs", 1992, None),
    ("Under-Secretary-General for Humanitarian Affairs and Emergency Relief Coordinator",
     "the Emergency Relief Coordinator", 1992, None),
    ("United Nations High Commissioner for Refugees", "the High Commissioner for Refugees", 1951, None),
    ("United Nations High Commissioner for Human Rights", "the High Commissioner for Human Rights", 1994, None),
    ("Under-Secretary-General for Operational Support", "the Under-Secretary-General for Operational Support",
     2019, None),
    ("Military Adviser for Peace Operations", "the Military Adviser", 1993, None),
]
MISSIONS = [
    # (acronym, where, first year, last year or None)
    ("MINUSMA", "Mali", 2013, None),
    ("MONUSCO", "the Democratic Republic of the Congo", 2010, None),
    ("UNMISS", "South Sudan", 2011, None),
    ("UNIFIL", "Lebanon", 1978, None),
    ("MINUSCA", "the Central African Republic", 2014, None),
    ("UNFICYP", "Cyprus", 1964, None),
    ("UNMIK", "Kosovo", 1999, None),
    ("UNAMA", "Afghanistan", 2002, None),
    ("UNSOM", "Somalia", 2013, None),
    ("UNAMID", "Darfur", 2007, 2020),
    ("UNMIL", "Liberia", 2003, 2018),
    ("UNOCI", "Côte d'Ivoire", 2004, 2017),
    ("MINUSTAH", "Haiti", 2004, 2017),
    ("UNDOF", "the Golan", 1974, None),
    ("UNISFA", "Abyei", 2011, None),
    ("MINURSO", "Western Sahara", 1991, None),
    ("UNMIT", "Timor-Leste", 2006, 2012),
    ("UNAMI", "Iraq", 2003, None),
]
COUNTRIES = [
    "France", "China", "the Russian Federation", "the United Kingdom", "the United States", "Brazil", "India",
    "Nigeria", "South Africa", "Japan", "Germany", "Egypt", "Indonesia", "Mexico", "Norway", "Ghana", "Kenya",
    "Pakistan", "Bangladesh", "Ethiopia", "Rwanda", "Senegal", "Uruguay", "Argentina", "Ireland", "Sweden",
    "Italy", "Spain", "Türkiye", "Viet Nam", "Malaysia", "Niger", "Tunisia", "Morocco", "Chile", "Peru",
    "Ecuador", "Estonia", "Poland", "Belgium", "the Netherlands", "Canada", "Australia", "New Zealand",
    "the Republic of Korea", "Kazakhstan", "Kuwait", "the United Arab Emirates", "Gabon", "Mozambique",
    "Zambia", "Côte d'Ivoire", "Equatorial Guinea", "Saint Vincent and the Grenadines", "Dominican Republic",
    "Guatemala", "Colombia", "Bolivia", "Venezuela", "Jordan", "Lebanon", "Qatar", "Nepal", "Sri Lanka",
    "Thailand", "the Philippines", "Fiji", "Albania", "Malta", "Switzerland", "Austria", "Finland", "Denmark",
    "Portugal", "Greece", "Ukraine", "Georgia", "Cameroon", "Chad", "Burkina Faso",
]
CITIES = [
    "New York", "Geneva", "Bamako", "Gao", "Kidal", "Goma", "Bunia", "Juba", "Malakal", "Bangui", "Naqoura",
    "Nicosia", "Pristina", "Kabul", "Mogadishu", "El Fasher", "Monrovia", "Abidjan", "Port-au-Prince",
    "Laayoune", "Dili", "Baghdad", "Addis Ababa", "Nairobi", "Vienna",
]
SOURCES = ["UN News", "Reuters", "Agence France-Presse", "Associated Press", "UN Peacekeeping Magazine",
           "Security Council Report", "United Nations"]
AUTHORS = ["Staff Writer", "Amina Diallo", "Peter Lindqvist", "Rosa Fernández", "Kwame Asante", "Li Wei",
           "Hannah O'Connor", "Jules Moreau"]
TOPICS = [
    "the protection of civilians", "women, peace and security", "children and armed conflict",
    "the safety of peacekeepers", "sexual violence in conflict", "mine action", "the rule of law",
    "disarmament, demobilization and reintegration", "security sector reform", "humanitarian access",
    "electoral support", "human rights monitoring", "climate and security", "peacebuilding financing",
]
KINDS = [("news", 50), ("briefing", 15), ("statement", 12), ("letter", 13), ("report", 10)]

HEADINGS = [
    "Background", "Situation on the ground", "Mandate and priorities", "Protection of civilians",
    "Humanitarian situation", "Political process", "Human rights", "Security", "Financing and resources",
    "Outlook", "Council deliberations", "Reactions", "Next steps", "Regional dimensions", "Analysis",
]
SUBHEADINGS = ["Key figures", "In the field", "What the Council asked", "Challenges", "Recommendations",
               "Timeline of events", "Voices from the ground"]

TITLE_TEMPLATES = {
    "news": [
        "Security Council extends {mission} mandate for {months} months",
        "{Where}: {mission} reports rise in attacks near {city}",
        "Peacekeepers in {city} step up patrols as violence spreads",
        "Council weighs future of {mission} amid {topic} concerns",
        "{mission} marks {n} years in {where}",
        "Civilians flee fighting around {city}, {mission} says",
        "New commander takes charge of {mission} forces in {city}",
        "UN calls for restraint in {where} after clashes in {city}",
    ],
    "briefing": [
        "Briefing on {where}: {topic} in focus",
        "Council hears briefing on {mission} and {topic}",
        "Envoy briefs Council on {where} as talks stall",
    ],
    "statement": [
        "Statement on the situation in {where}",
        "Statement attributable to the spokesperson on {city}",
        "Presidential statement on {topic} in {where}",
    ],
    "letter": [
        "Letter from the Secretary-General on {mission} troop levels",
        "Letter on {topic} in {where}",
        "Letter transmitting the report on {mission}",
    ],
    "report": [
        "Report on {mission}: {topic}",
        "Report of the Secretary-General on {where}",
        "Review of {topic} in {mission} operations",
    ],
}

SENTENCES = [
    "The mission said it had deployed additional patrols to {city} after reports of armed groups moving near the town.",
    "Humanitarian agencies warned that more than {k} people had been displaced since the start of the {season}.",
    "The Council members stressed the importance of {topic} and called on all parties to respect international humanitarian law.",
    "According to the mission, {k} civilians received medical assistance at its field hospital in {city} during the period.",
    "Troop-contributing countries raised concerns about the safety of peacekeepers operating along the main supply routes.",
    "Several delegations underlined that lasting peace in {where} depends on an inclusive political process.",
    "The report notes that access for humanitarian convoys remained restricted in several districts around {city}.",
    "Local officials in {city} welcomed the decision but asked for more support for community reconciliation.",
    "The budget for the coming year was set at {money} million dollars, a {pct} per cent change from the previous period.",
    "Mission staff conducted {n} assessment visits and supported {n2} community dialogues across the region.",
    "Observers noted that the ceasefire had largely held, although isolated incidents were recorded near {city}.",
    "The mission's human rights division documented {n} incidents affecting civilians, most of them in rural areas.",
    "Partners pledged further support for {topic}, including training for national police and corrections officers.",
    "The Council requested a written update within {months} months on progress made in implementing the mandate.",
    "Speakers highlighted the role of women in mediation and called for their full, equal and meaningful participation.",
    "The deployment of an additional {n} police officers was expected to be completed before the end of {month}.",
    "Officials cautioned that the security situation remained fragile and that gains could easily be reversed.",
    "A joint assessment team travelled to {city} to review the protection needs of displaced communities.",
    "Engineering units repaired {n} kilometres of road, improving access between {city} and {city2}.",
    "The mission facilitated the release of {n} children associated with armed groups during the reporting period.",
    "Delegates from {country} and {country2} stressed the need for predictable and sustainable financing.",
    "Radio programmes produced by the mission reached an estimated {k} listeners each week.",
    "The electoral timetable, agreed in {month}, foresees legislative elections followed by local polls.",
    "Reports of sexual violence in conflict continued to be received, and the mission strengthened its monitoring arrangements.",
    "The quick-impact projects programme funded {n} initiatives, from water points to school rehabilitation.",
    "Members of the Council expressed concern at restrictions on the mission's freedom of movement.",
    "The mission's force adapted its posture, establishing temporary operating bases closer to affected communities.",
    "Mine action teams cleared {n} explosive hazards and delivered risk education to {k} people.",
]

# --------------------------------------------------------------------------------------------------
# Helpers

_FOLD = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
         "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"}


def ascii_fold(text: str) -> str:
    text = "".join(_FOLD.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def yaml_plain_or_quoted(text: str) -> str:
    """A YAML scalar for block context: plain when unambiguous, JSON-style double-quoted otherwise."""
    if re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^:#\"\[\]{}]*", text) and not text.endswith(" "):
        if text.lower() not in ("yes", "no", "true", "false", "null", "on", "off", "~"):
            return text
    return json.dumps(text, ensure_ascii=False)


def q(text: str) -> str:
    """A double-quoted string, valid in YAML and TOML alike."""
    return json.dumps(text, ensure_ascii=False)


def long_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def add_days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


def rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return add_days(start, rng.randint(0, (end - start).days))


def join_and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------------------------------
# The catalogue and the officials registry


def load_catalogue(path: Path) -> list[tuple[int, int, dt.date]]:
    rows = []
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            year = int(row["year"])
            # A few old rows have no adoption date: count them as adopted at the end of their year.
            adopted = dt.date.fromisoformat(row["adopted"]) if row["adopted"] else dt.date(year, 12, 31)
            rows.append((int(row["number"]), year, adopted))
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


class Official:
    def __init__(self, slug: str, given: str, surname: str, female: bool):
        self.slug = slug
        self.given = given
        self.surname = surname
        self.female = female
        self.name = f"{given} {surname}"
        self.roles: list[tuple[str, dt.date, dt.date | None]] = []  # (title, from, to)

    @property
    def honorific(self) -> str:
        return f"{'Ms.' if self.female else 'Mr.'} {self.surname}"

    def aliases(self) -> list[str]:
        out = [self.surname, self.honorific]
        folded = ascii_fold(self.name)
        if folded != self.name:
            out.append(folded)
        return out


class Office:
    def __init__(self, title: str, ref: str, start: int, end: int | None):
        self.title = title
        self.ref = ref
        self.start = start
        self.end = end
        self.terms: list[tuple[dt.date, dt.date | None, Official]] = []

    def holder(self, day: dt.date) -> Official | None:
        for start, end, who in self.terms:
            if start <= day and (end is None or day <= end):
                return who
        return None


class Registry:
    """Officials and the offices they held, generated from the seed."""

    def __init__(self, seed: int, docs: int, last_day: dt.date):
        rng = random.Random(f"{seed}:registry")
        self.offices: list[Office] = [Office(*o) for o in GLOBAL_OFFICES]
        for acronym, where, start, end in MISSIONS:
            self.offices.append(Office(
                f"Special Representative of the Secretary-General for {where.removeprefix('the ')} and Head of {acronym}",
                f"the head of {acronym}", start, end))
            self.offices.append(Office(f"Force Commander of {acronym}", f"the {acronym} Force Commander", start, end))
            self.offices.append(Office(f"Police Commissioner of {acronym}", f"the {acronym} Police Commissioner",
                                       max(start, 1990), end))
        countries = max(10, min(len(COUNTRIES), docs // 100))
        for country in COUNTRIES[:countries]:
            self.offices.append(Office(f"Permanent Representative of {country} to the United Nations",
                                       f"the representative of {country}", 1985, None))
        self.officials: list[Official] = []
        self._names: set[str] = set()
        self._slugs: set[str] = set()
        self._surname_uses: dict[str, int] = {}
        for office in self.offices:
            day = dt.date(office.start, 1, 1) + dt.timedelta(days=rng.randint(0, 200))
            end = dt.date(office.end, 12, 31) if office.end else None
            while True:
                years = rng.randint(2, 7)
                term_end = add_days(day, years * 365 + rng.randint(-60, 60))
                last = term_end >= (end or last_day)
                if last:
                    term_end = end
                who = self._pick(rng, day, term_end)
                who.roles.append((office.title, day, term_end))
                office.terms.append((day, term_end, who))
                if last:
                    break
                day = add_days(term_end, 1)
        for o in self.officials:
            o.roles.sort(key=lambda r: r[1], reverse=True)
        self.officials.sort(key=lambda o: o.slug)
        self.by_slug = {o.slug: o for o in self.officials}

    def _pick(self, rng: random.Random, start: dt.date, end: dt.date | None) -> Official:
        # A quarter of terms go to someone with an earlier, finished career in another office.
        if self.officials and rng.random() < 0.25:
            free = [o for o in self.officials[-60:]
                    if len(o.roles) < 3 and all(r[2] is not None and r[2] < start for r in o.roles)]
            if free:
                return rng.choice(free)
        return self._new(rng)

    def _new(self, rng: random.Random) -> Official:
        while True:
            female = rng.random() < 0.45
            given = rng.choice(FEMALE if female else MALE)
            candidates = [s for s in SURNAMES if self._surname_uses.get(s, 0) < 2]
            if candidates and rng.random() < 0.6:
                surname = rng.choice(candidates)
            else:
                parts = [rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))]
                surname = ("".join(parts) + rng.choice(SURNAME_ENDINGS)).capitalize()
            name = f"{given} {surname}"
            if name in self._names or not slugify(name) or slugify(name) in self._slugs:
                continue
            self._names.add(name)
            self._slugs.add(slugify(name))
            self._surname_uses[surname] = self._surname_uses.get(surname, 0) + 1
            official = Official(slugify(name), given, surname, female)
            self.officials.append(official)
            return official


def official_markdown(o: Official) -> str:
    lines = ["---", f"title: {yaml_plain_or_quoted(o.name)}",
             "aliases: [" + ", ".join(q(a) for a in o.aliases()) + "]", "roles:"]
    for title, start, end in o.roles:
        lines.append(f"  - title: {yaml_plain_or_quoted(title)}")
        lines.append(f"    from: {start.isoformat()}")
        if end is not None:
            lines.append(f"    to: {end.isoformat()}")
    lines.append("---")
    current = [r for r in o.roles if r[2] is None]
    first = o.roles[-1]
    bio = f"{o.name} is a {'diplomat' if 'Representative' in first[0] else 'United Nations official'}"
    if current:
        bio += f" who has served as {current[0][0]} since {long_date(current[0][1])}."
    else:
        bio += f" who served as {o.roles[0][0]} until {long_date(o.roles[0][2])}."
    earlier = [r for r in o.roles if r[2] is not None and r is not o.roles[0]]
    if earlier:
        bio += " Earlier posts: " + "; ".join(f"{t} ({s.year}–{e.year})" for t, s, e in earlier) + "."
    lines.append(bio)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# Documents

FIRST_DAY = dt.date(1990, 1, 1)


class DocPlan:
    """What pass 1 decides for every document, so pass 2 can link to any of them."""

    __slots__ = ("index", "date", "kind", "title", "slug", "mission", "where", "city")

    def __init__(self, index, date, kind, title, slug, mission, where, city):
        self.index, self.date, self.kind, self.title = index, date, kind, title
        self.slug, self.mission, self.where, self.city = slug, mission, where, city


def plan_documents(seed: int, count: int, last_day: dt.date) -> list[DocPlan]:
    plans = []
    taken: dict[str, int] = {}
    kinds = [k for k, w in KINDS for _ in range(w)]
    for i in range(count):
        rng = random.Random(f"{seed}:plan:{i}")
        day = rand_date(rng, FIRST_DAY, last_day)
        live = [m for m in MISSIONS if m[2] <= day.year and (m[3] is None or day.year <= m[3])]
        mission, where, _, _ = rng.choice(live)
        city = rng.choice(CITIES)
        kind = rng.choice(kinds)
        title = rng.choice(TITLE_TEMPLATES[kind]).format(
            mission=mission, where=where, Where=where[0].upper() + where[1:], city=city,
            topic=rng.choice(TOPICS), months=rng.choice([6, 12, 12, 18]), n=day.year - 1990 + rng.randint(1, 20))
        title = f"{title} ({long_date(day)})" if rng.random() < 0.5 else title
        base = slugify(title)[:72].strip("-")
        n = taken.get(base, 0) + 1
        taken[base] = n
        slug = base if n == 1 else f"{base}-{n}"
        plans.append(DocPlan(i, day, kind, title, slug, mission, where, city))
    # A later plan can take a base that an earlier -N suffix produced; resolve such clashes.
    seen: set[str] = set()
    for p in plans:
        while p.slug in seen:
            p.slug += "-x"
        seen.add(p.slug)
    return plans


class DocWriter:
    """Pass 2: one document's body and entity lists."""

    def __init__(self, seed: int, plan: DocPlan, plans: list[DocPlan], catalogue, registry: Registry,
                 cat_dates: list[dt.date]):
        self.rng = random.Random(f"{seed}:doc:{plan.index}")
        self.plan = plan
        self.plans = plans
        self.registry = registry
        # Resolutions adopted on or before the document's date (the catalogue is sorted by date).
        upto = _bisect_right(cat_dates, plan.date)
        self.catalogue = catalogue[:max(upto, 1)]
        self.resolutions: list[str] = []
        self.officials: list[str] = []
        self.symbols: list[str] = []
        self.introduced: set[str] = set()
        self._offices: list[Office] | None = None

    # -- entities, each recorded for the front-matter in order of first mention
    def _res(self) -> str:
        # A document keeps coming back to the few resolutions it is about.
        if len(self.resolutions) >= 3 and self.rng.random() < 0.6:
            return self.rng.choice(self.resolutions)
        # Recent resolutions are mentioned more often than old ones.
        n = len(self.catalogue)
        idx = n - 1 - min(n - 1, int(self.rng.expovariate(1 / 120)))
        number, year, _ = self.catalogue[idx]
        key = f"{number} ({year})"
        if key not in self.resolutions:
            self.resolutions.append(key)
        return key

    def resolution_mention(self) -> str:
        form = self.rng.random()
        if form < 0.5:
            return f"resolution {self._res()}"
        if form < 0.75:
            keys = []
            for _ in range(self.rng.randint(2, 4)):
                k = self._res()
                if k not in keys:
                    keys.append(k)
            if len(keys) == 1:
                return f"resolution {keys[0]}"
            keys.sort(key=lambda k: int(k.split()[0]))
            return "resolutions " + join_and(keys)
        return f"S/RES/{self._res()}"

    def _official_for(self, office: Office) -> Official | None:
        who = office.holder(self.plan.date)
        if who is not None and who.slug not in self.officials:
            self.officials.append(who.slug)
        return who

    def _relevant_offices(self) -> list[Office]:
        # The mission's own leaders, the Secretary-General, the head of peace operations, the relief
        # coordinator and two offices picked at random, once per document.
        if self._offices is None:
            mission = self.plan.mission
            out = [o for o in self.registry.offices if mission in o.title or o.title in (
                GLOBAL_OFFICES[0][0], GLOBAL_OFFICES[2][0], GLOBAL_OFFICES[4][0])]
            out += [o for o in self.rng.sample(self.registry.offices, 2) if o not in out]
            self._offices = [o for o in out if o.holder(self.plan.date) is not None]
        return self._offices

    def official_mention(self) -> str:
        offices = self._relevant_offices()
        if not offices:
            return "a senior United Nations official"
        office = self.rng.choice(offices)
        who = self._official_for(office)
        form = self.rng.random()
        if who.slug not in self.introduced:
            self.introduced.add(who.slug)
            if form < 0.7:
                return f"{who.name}, {office.title},"
            return f"{office.ref[0].upper() + office.ref[1:]}, {who.name},"
        if form < 0.5:
            return who.honorific
        if form < 0.8:
            return office.ref[0].upper() + office.ref[1:]
        return who.name

    def role_reference(self) -> str:
        offices = self._relevant_offices()
        if not offices:
            return "The Secretary-General"
        office = self.rng.choice(offices)
        self._official_for(office)
        return office.ref[0].upper() + office.ref[1:]

    def symbol(self) -> str:
        year = self.plan.date.year
        sym = f"S/{year}/{self.rng.randint(1, 950)}"
        if sym not in self.symbols:
            self.symbols.append(sym)
        return sym

    def link(self) -> str:
        target = self.plans[self.rng.randrange(len(self.plans))]
        if target is self.plan:
            target = self.plans[(self.plan.index + 1) % len(self.plans)]
        return f"[{target.title}](/documents/{target.slug}/)"

    # -- text
    def sentence(self) -> str:
        r = self.rng
        s = r.choice(SENTENCES).format(
            city=r.choice(CITIES), city2=r.choice(CITIES), where=self.plan.where, topic=r.choice(TOPICS),
            k=f"{r.randint(2, 95) * 1000:,}", n=r.randint(3, 400), n2=r.randint(3, 60),
            money=r.randint(40, 1200), pct=r.randint(1, 15), months=r.choice([3, 6, 12]),
            month=dt.date(2000, r.randint(1, 12), 1).strftime("%B"), season=r.choice(["rainy season", "year"]),
            country=r.choice(COUNTRIES), country2=r.choice(COUNTRIES))
        return s

    def entity_sentence(self) -> str:
        r = self.rng
        choice = r.random()
        if choice < 0.3:
            return f"{self.official_mention()} {r.choice(['said', 'told the Council', 'noted', 'warned'])} that " \
                   f"the implementation of {self.resolution_mention()} {r.choice(['remained uneven', 'was on track', 'required sustained support'])}."
        if choice < 0.5:
            return f"{self.role_reference()} {r.choice(['welcomed', 'recalled', 'referred to'])} " \
                   f"{self.resolution_mention()} and the report contained in document {self.symbol()}."
        if choice < 0.7:
            return f"The Council acted under {self.resolution_mention()}, as set out in the letter ({self.symbol()})."
        if choice < 0.85:
            return f"See also {self.link()} for earlier coverage."
        return f"{self.official_mention()} {r.choice(['briefed members on', 'spoke about', 'addressed'])} " \
               f"{r.choice(TOPICS)} in {self.plan.where}."

    def paragraph(self, sentences: int) -> str:
        out = []
        for _ in range(sentences):
            out.append(self.entity_sentence() if self.rng.random() < 0.25 else self.sentence())
        return " ".join(out)

    def bullet_list(self, ordered: bool) -> str:
        items = []
        for i in range(self.rng.randint(3, 6)):
            text = self.entity_sentence() if self.rng.random() < 0.35 else self.sentence()
            items.append(f"{i + 1}. {text}" if ordered else f"- {text}")
        return "\n".join(items)

    def table(self) -> str:
        r = self.rng
        if r.random() < 0.5:
            rows = ["| Component | Authorized | Deployed | Change |", "|---|---:|---:|---:|"]
            for name in r.sample(["Military", "Police", "Civilian", "Staff officers", "Military observers",
                                  "Formed police units", "Corrections"], r.randint(3, 5)):
                a = r.randint(50, 15000)
                d = r.randint(a // 2, a)
                rows.append(f"| {name} | {a:,} | {d:,} | {r.randint(-12, 12)}% |")
        else:
            rows = ["| Document | Adopted | Subject |", "|---|---|---|"]
            for _ in range(r.randint(3, 5)):
                rows.append(f"| S/RES/{self._res()} | {r.choice(['unanimously', 'by vote'])} | {r.choice(TOPICS)} |")
        return "\n".join(rows)

    def body(self) -> str:
        r = self.rng
        target = r.randint(600, 1100)
        blocks: list[str] = []
        words = 0

        def add(block: str) -> None:
            nonlocal words
            blocks.append(block)
            words += len(block.split())

        p = self.plan
        add(f"{p.city} — {self.official_mention()} {r.choice(['said on', 'announced on', 'told reporters on'])} "
            f"{long_date(p.date)} that {p.mission} would continue its work on {r.choice(TOPICS)} in {p.where}, "
            f"in line with {self.resolution_mention()}. " + self.paragraph(2))
        headings = r.sample(HEADINGS, len(HEADINGS))
        add(f"## {headings.pop()}")
        add(self.paragraph(r.randint(3, 5)))
        add(self.bullet_list(ordered=False))
        add(f"## {headings.pop()}")
        add(self.paragraph(r.randint(2, 4)))
        add(f"### {r.choice(SUBHEADINGS)}")
        add(self.table())
        related = "## Related documents\n\n" + "\n".join(
            f"{i + 1}. {self.link()}" for i in range(r.randint(2, 5)))
        tail_words = len(related.split())
        since_heading = 0
        # Fill to the target, never past 1,200 words.
        while words + tail_words < target and headings:
            if since_heading >= r.randint(2, 3):
                add(f"## {headings.pop()}")
                since_heading = 0
            block = self.bullet_list(ordered=True) if r.random() < 0.15 else self.paragraph(r.randint(3, 6))
            if words + len(block.split()) + tail_words > 1200:
                break
            add(block)
            since_heading += 1
        add(related)
        return "\n\n".join(blocks) + "\n"


SEED_CHROME_TOP = ["Skip to main content", "UN News", "Global perspective Human stories", "Search",
                   "Peace and Security"]
SEED_CHROME_BOTTOM = ["Share this story:", "Facebook", "Twitter", "Email",
                      "Get the latest news from UN News", "Subscribe", "Follow UN News",
                      "Terms of Use Privacy Notice Copyright Fraud Alert"]


def raw_seed(plan: DocPlan, body: str) -> str:
    """A document as an editor receives it: text copied from a news page, Markdown gone."""
    lines: list[str] = []
    for block in body.split("\n\n"):
        if block.startswith("|"):
            # Tables arrive as one line per row, cells separated by tabs.
            rows = [row.strip("|").split("|") for row in block.splitlines() if not row.startswith("|---")]
            lines.append("\n".join("\t".join(c.strip() for c in row) for row in rows))
            continue
        block = re.sub(r"^#+ ", "", block, flags=re.M)
        block = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block)
        lines.append(block)
    lead = f"{long_date(plan.date)} – {lines[0]}"
    return "\n\n".join(SEED_CHROME_TOP + [f"# {plan.title}", lead] + lines[1:] + SEED_CHROME_BOTTOM) + "\n"


def _bisect_right(a: list, x) -> int:
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


# --------------------------------------------------------------------------------------------------
# Front-matter per flavour


def summary_of(plan: DocPlan) -> str:
    return f"{plan.mission} in {plan.where}: {plan.kind} of {long_date(plan.date)}."


def handbook_page(plan: DocPlan, meta: dict, body: str) -> str:
    lines = ["---", f"title: {q(plan.title)}", f"date: {plan.date.isoformat()}", f"kind: {plan.kind}",
             "language: en", f"source: {yaml_plain_or_quoted(meta['source'])}",
             f"place: {yaml_plain_or_quoted(plan.city)}"]
    if meta["author"]:
        lines.append(f"author: {yaml_plain_or_quoted(meta['author'])}")
    lines.append(f"summary: {q(meta['summary'])}")
    for key in ("resolutions", "officials", "documents"):
        if meta[key]:
            lines.append(f"{key}: [" + ", ".join(q(v) for v in meta[key]) + "]")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def zola_page(plan: DocPlan, meta: dict, body: str, taxonomies: bool = True) -> str:
    lines = ["+++", f"title = {q(plan.title)}", f"date = {plan.date.isoformat()}",
             f"description = {q(meta['summary'])}", ""]
    if taxonomies:
        lines += ["[taxonomies]", "officials = [" + ", ".join(q(v) for v in meta["officials"]) + "]",
                  "resolutions = [" + ", ".join(q(v) for v in meta["resolutions"]) + "]", ""]
    lines += ["[extra]", f"kind = {q(plan.kind)}", f"source = {q(meta['source'])}", f"place = {q(plan.city)}"]
    if meta["author"]:
        lines.append(f"author = {q(meta['author'])}")
    lines.append("documents = [" + ", ".join(q(v) for v in meta["documents"]) + "]")
    lines.append("+++")
    return "\n".join(lines) + "\n" + body


def hugo_page(plan: DocPlan, meta: dict, body: str) -> str:
    lines = ["---", f"title: {q(plan.title)}", f"date: {plan.date.isoformat()}", f"kind: {plan.kind}",
             f"source: {q(meta['source'])}", f"place: {q(plan.city)}"]
    if meta["author"]:
        lines.append(f"author: {q(meta['author'])}")
    lines.append(f"summary: {q(meta['summary'])}")
    lines.append(f"description: {q(meta['summary'])}")
    for key in ("resolutions", "officials", "documents"):
        lines.append(f"{key}: [" + ", ".join(q(v) for v in meta[key]) + "]")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


# --------------------------------------------------------------------------------------------------
# Site skeletons and templates

ZOLA_CONFIG = """\
# Generated by bench/gen_corpus.py. Written for Zola 0.19 or later (generate_feeds, feed_filenames).
base_url = "http://127.0.0.1:1111"
title = "Bench"
description = "Synthetic peace-operations handbook for benchmarks"
default_language = "en"
compile_sass = false
build_search_index = false
generate_feeds = true
feed_filenames = ["atom.xml"]
feed_limit = 20
taxonomies = [
    { name = "officials" },
    { name = "resolutions" },
]

[markdown]
smart_punctuation = true
"""

ZOLA_TEMPLATES = {
    "base.html": """\
<!DOCTYPE html>
<html lang="{{ config.default_language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<meta name="description" content="{% block description %}{{ config.description }}{% endblock description %}">
<link rel="stylesheet" href="{{ get_url(path='style.css') }}">
<link rel="alternate" type="application/atom+xml" title="{{ config.title }}" href="{{ get_url(path='atom.xml') }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="site-title" href="{{ config.base_url }}/">{{ config.title }}</a>
  <nav aria-label="Main"><ul>
    <li><a href="{{ config.base_url }}/documents/">Documents</a></li>
    <li><a href="{{ config.base_url }}/officials/">Officials</a></li>
    <li><a href="{{ config.base_url }}/resolutions/">Resolutions</a></li>
    <li><a href="{{ config.base_url }}/timeline/">Timeline</a></li>
  </ul></nav>
</header>
<main id="main" tabindex="-1">
{% block content %}{% endblock content %}
</main>
<footer class="site-footer"><p>{{ config.title }}</p></footer>
</body>
</html>
""",
    "page_list.html": """\
{% macro list(pages) %}
<ul class="page-list">
{% for p in pages %}
  <li>
    <a href="{{ p.permalink }}">{{ p.title }}</a>
    {% if p.date %}<time datetime="{{ p.date }}">{{ p.date | date(format="%-d %B %Y") }}</time>{% endif %}
    {% if p.extra.kind %}<span class="kind">{{ p.extra.kind }}</span>{% endif %}
  </li>
{% endfor %}
</ul>
{% endmacro list %}
""",
    "page.html": """\
{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block content %}
<article>
  <header>
    <h1>{{ page.title }}</h1>
    <p class="meta">
      {% if page.date %}<time datetime="{{ page.date }}">{{ page.date | date(format="%-d %B %Y") }}</time>{% endif %}
      {% if page.extra.place %}<span class="place">{{ page.extra.place }}</span>{% endif %}
      {% if page.extra.source %}<span class="source">{{ page.extra.source }}</span>{% endif %}
      {% if page.extra.author %}<span class="author">By {{ page.extra.author }}</span>{% endif %}
      {% if page.extra.kind %}<span class="kind">{{ page.extra.kind }}</span>{% endif %}
    </p>
  </header>
  {% if page.toc | length > 1 %}
  <nav class="toc" aria-label="Contents">
    <h2>Contents</h2>
    <ul>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a>{% if h.children %}<ul>{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>{% endfor %}</ul>
  </nav>
  {% endif %}
  <div class="content">
  {{ page.content | safe }}
  </div>
  {% if page.taxonomies.officials %}<p class="officials">Officials: {% for t in page.taxonomies.officials %}<a href="{{ get_taxonomy_url(kind='officials', name=t) }}">{{ t }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</p>{% endif %}
  {% if page.taxonomies.resolutions %}<p class="resolutions">Resolutions: {% for t in page.taxonomies.resolutions %}<a href="{{ get_taxonomy_url(kind='resolutions', name=t) }}">{{ t }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</p>{% endif %}
</article>
{% endblock content %}
""",
    "section.html": """\
{% extends "base.html" %}
{% import "page_list.html" as macros %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{{ macros::list(pages=section.pages) }}
{% endblock content %}
""",
    "index.html": """\
{% extends "base.html" %}
{% import "page_list.html" as macros %}
{% block content %}
<h1>{{ config.title }}</h1>
<p class="lead">{{ config.description }}</p>
{% set docs = get_section(path="documents/_index.md") %}
{% set recent = docs.pages | slice(end=10) %}
<section aria-labelledby="recent">
  <h2 id="recent">Latest documents</h2>
  {{ macros::list(pages=recent) }}
</section>
{% endblock content %}
""",
    "timeline.html": """\
{% extends "base.html" %}
{% import "page_list.html" as macros %}
{% block title %}Timeline · {{ config.title }}{% endblock title %}
{% block content %}
<h1>Timeline</h1>
{% set docs = get_section(path="documents/_index.md") %}
{% for year, pages in docs.pages | group_by(attribute="year") %}
<section aria-labelledby="y{{ year }}">
  <h2 id="y{{ year }}">{{ year }}</h2>
  {{ macros::list(pages=pages) }}
</section>
{% endfor %}
{% endblock content %}
""",
    "taxonomy_list.html": """\
{% extends "base.html" %}
{% block title %}{{ taxonomy.name | capitalize }} · {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ taxonomy.name | capitalize }}</h1>
<ul class="terms">
{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a> ({{ term.pages | length }})</li>
{% endfor %}
</ul>
{% endblock content %}
""",
    "taxonomy_single.html": """\
{% extends "base.html" %}
{% import "page_list.html" as macros %}
{% block title %}{{ term.name }} · {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ term.name }}</h1>
<h2>Mentioned in</h2>
{{ macros::list(pages=term.pages) }}
{% endblock content %}
""",
    "404.html": """\
{% extends "base.html" %}
{% block title %}Page not found · {{ config.title }}{% endblock title %}
{% block content %}
<h1>Page not found</h1>
<p>There is no page at this address. Try the <a href="{{ config.base_url }}/">home page</a>.</p>
{% endblock content %}
""",
}

# The light Zola site: the same config and templates, less the taxonomies, the timeline and the home
# page's `get_section`.
ZOLA_LIGHT_CONFIG = ZOLA_CONFIG.replace(
    'taxonomies = [\n    { name = "officials" },\n    { name = "resolutions" },\n]\n', "")
ZOLA_LIGHT_TEMPLATES = {
    name: ("\n".join(line for line in text.split("\n") if "page.taxonomies" not in line) if name == "page.html"
           else text[:text.index("{% set docs")] + "{% endblock content %}\n" if name == "index.html"
           else text)
    for name, text in ZOLA_TEMPLATES.items()
    if name not in ("timeline.html", "taxonomy_list.html", "taxonomy_single.html")
}

HUGO_CONFIG = """\
# Generated by bench/gen_corpus.py.
baseURL = "http://127.0.0.1:1313/"
title = "Bench"
languageCode = "en"
enableRobotsTXT = true
disableKinds = []

[params]
description = "Synthetic peace-operations handbook for benchmarks"

[taxonomies]
official = "officials"
resolution = "resolutions"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
page = ["HTML"]

[services.rss]
limit = 20

[markup.goldmark.extensions]
typographer = true
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

HUGO_LIST = """\
<ul class="page-list">
{{ range . }}
  <li>
    <a href="{{ .RelPermalink }}">{{ .Title }}</a>
    <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
    {{ with .Params.kind }}<span class="kind">{{ . }}</span>{{ end }}
  </li>
{{ end }}
</ul>
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ block "description" . }}{{ site.Params.description }}{{ end }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ "index.xml" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
  <nav aria-label="Main"><ul>
    <li><a href="{{ "documents/" | relURL }}">Documents</a></li>
    <li><a href="{{ "officials/" | relURL }}">Officials</a></li>
    <li><a href="{{ "resolutions/" | relURL }}">Resolutions</a></li>
    <li><a href="{{ "timeline/" | relURL }}">Timeline</a></li>
  </ul></nav>
</header>
<main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>{{ site.Title }}</p></footer>
</body>
</html>
""",
    "partials/page_list.html": HUGO_LIST,
    "_default/single.html": """\
{{ define "title" }}{{ .Title }} · {{ site.Title }}{{ end }}
{{ define "description" }}{{ .Description }}{{ end }}
{{ define "main" }}
<article>
  <header>
    <h1>{{ .Title }}</h1>
    <p class="meta">
      <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
      {{ with .Params.place }}<span class="place">{{ . }}</span>{{ end }}
      {{ with .Params.source }}<span class="source">{{ . }}</span>{{ end }}
      {{ with .Params.author }}<span class="author">By {{ . }}</span>{{ end }}
      {{ with .Params.kind }}<span class="kind">{{ . }}</span>{{ end }}
    </p>
  </header>
  <nav class="toc" aria-label="Contents">
    <h2>Contents</h2>
    {{ .TableOfContents }}
  </nav>
  <div class="content">
  {{ .Content }}
  </div>
  {{/* Front-matter values and a URL function, like the Zola template (.GetTerms is much slower). */}}
  {{ with .Params.officials }}<p class="officials">Officials: {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ printf "officials/%s/" (urlize $t) | relURL }}">{{ $t }}</a>{{ end }}</p>{{ end }}
  {{ with .Params.resolutions }}<p class="resolutions">Resolutions: {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ printf "resolutions/%s/" (urlize $t) | relURL }}">{{ $t }}</a>{{ end }}</p>{{ end }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "title" }}{{ .Title }} · {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ partial "page_list.html" .Pages }}
{{ end }}
""",
    "timeline/list.html": """\
{{ define "title" }}Timeline · {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>Timeline</h1>
{{ range (where site.RegularPages "Section" "documents").GroupByDate "2006" }}
<section aria-labelledby="y{{ .Key }}">
  <h2 id="y{{ .Key }}">{{ .Key }}</h2>
  {{ partial "page_list.html" .Pages }}
</section>
{{ end }}
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p class="lead">{{ site.Params.description }}</p>
<section aria-labelledby="recent">
  <h2 id="recent">Latest documents</h2>
  {{ partial "page_list.html" (first 10 (where site.RegularPages "Section" "documents")) }}
</section>
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "title" }}{{ .Title }} · {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "_default/term.html": """\
{{ define "title" }}{{ .Title }} · {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
<h2>Mentioned in</h2>
{{ partial "page_list.html" .Pages }}
{{ end }}
""",
    "_default/_markup/render-heading.html": """\
<h{{ .Level }} id="{{ .Anchor | safeURL }}">{{ .Text | safeHTML }} <a class="anchor" href="#{{ .Anchor | safeURL }}" aria-label="Link to this section: {{ .PlainText }}">#</a></h{{ .Level }}>
""",
    "404.html": """\
{{ define "title" }}Page not found · {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>Page not found</h1>
<p>There is no page at this address. Try the <a href="{{ "/" | relURL }}">home page</a>.</p>
{{ end }}
""",
}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def copy_tree(src: Path, dst: Path) -> None:
    for path in sorted(src.rglob("*")):
        if path.is_file():
            target = dst / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, required=True, help="number of documents")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="output folder (its flavour subfolders are replaced)")
    ap.add_argument("--flavors", default="handbook,zola,hugo",
                    help="comma-separated: handbook,zola,zola-light,hugo,seeds")
    ap.add_argument("--repo", type=Path, default=REPO, help="where to copy data/ and themes/handbook from")
    args = ap.parse_args(argv)
    flavors = [f.strip() for f in args.flavors.split(",") if f.strip()]
    unknown = [f for f in flavors if f not in ("handbook", "zola", "zola-light", "hugo", "seeds")]
    if unknown or not flavors:
        ap.error(f"--flavors: unknown {', '.join(unknown) or '(none given)'}; "
                 "choose from handbook,zola,zola-light,hugo,seeds")
    if args.docs < 2:
        ap.error("--docs must be at least 2")

    catalogue_path = args.repo / "data" / "sc-resolutions.csv"
    theme_path = args.repo / "themes" / "handbook"
    catalogue = load_catalogue(catalogue_path)
    cat_dates = [r[2] for r in catalogue]
    last_day = cat_dates[-1]

    registry = Registry(args.seed, args.docs, last_day)
    plans = plan_documents(args.seed, args.docs, last_day)

    out: Path = args.out
    roots = {}
    for flavor in flavors:
        root = out / flavor
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        roots[flavor] = root

    # Skeletons.
    style = (theme_path / "static" / "style.css").read_text(encoding="utf-8")
    for r in [roots[f] for f in ("handbook", "seeds") if f in roots]:
        write(r / "site.yaml", "title: Bench\ndescription: Synthetic peace-operations handbook for benchmarks\n")
        write(r / "content" / "_index.md", "---\ntitle: Home\n---\nA synthetic handbook for benchmarks.\n")
        write(r / "content" / "documents" / "_index.md",
              "---\ntitle: Documents\ndescription: Every document in the handbook, newest first.\n---\n")
        write(r / "content" / "officials" / "_index.md",
              "---\ntitle: Officials\ndescription: The officials named in the documents.\n---\n")
        for o in registry.officials:
            write(r / "content" / "officials" / f"{o.slug}.md", official_markdown(o))
        (r / "data").mkdir()
        shutil.copyfile(catalogue_path, r / "data" / "sc-resolutions.csv")
        copy_tree(theme_path, r / "themes" / "handbook")
    for flavor, config, templates in (("zola", ZOLA_CONFIG, ZOLA_TEMPLATES),
                                      ("zola-light", ZOLA_LIGHT_CONFIG, ZOLA_LIGHT_TEMPLATES)):
        if flavor not in roots:
            continue
        r = roots[flavor]
        write(r / "config.toml", config)
        write(r / "content" / "_index.md", '+++\ntitle = "Home"\n+++\nA synthetic handbook for benchmarks.\n')
        write(r / "content" / "documents" / "_index.md",
              '+++\ntitle = "Documents"\nsort_by = "date"\ninsert_anchor_links = "right"\n+++\n')
        if "timeline.html" in templates:
            write(r / "content" / "timeline" / "_index.md",
                  '+++\ntitle = "Timeline"\ntemplate = "timeline.html"\n+++\n')
        for name, text in templates.items():
            write(r / "templates" / name, text)
        write(r / "static" / "style.css", style)
    if "hugo" in roots:
        r = roots["hugo"]
        write(r / "hugo.toml", HUGO_CONFIG)
        write(r / "content" / "_index.md", "---\ntitle: Home\n---\nA synthetic handbook for benchmarks.\n")
        write(r / "content" / "documents" / "_index.md", "---\ntitle: Documents\n---\n")
        write(r / "content" / "timeline" / "_index.md", "---\ntitle: Timeline\n---\n")
        for name, text in HUGO_LAYOUTS.items():
            write(r / "layouts" / name, text)
        write(r / "static" / "style.css", style)

    # Documents.
    for plan in plans:
        w = DocWriter(args.seed, plan, plans, catalogue, registry, cat_dates)
        body = w.body()
        rng = random.Random(f"{args.seed}:meta:{plan.index}")
        meta = {
            "source": rng.choice(SOURCES),
            "author": rng.choice(AUTHORS) if rng.random() < 0.4 else None,
            "summary": summary_of(plan),
            "resolutions": w.resolutions,
            "officials": w.officials,
            "documents": w.symbols,
        }
        name = f"{plan.slug}.md"
        if "handbook" in roots:
            write(roots["handbook"] / "content" / "documents" / name, handbook_page(plan, meta, body))
        if "zola" in roots:
            write(roots["zola"] / "content" / "documents" / name, zola_page(plan, meta, body))
        if "zola-light" in roots:
            write(roots["zola-light"] / "content" / "documents" / name, zola_page(plan, meta, body, taxonomies=False))
        if "hugo" in roots:
            write(roots["hugo"] / "content" / "documents" / name, hugo_page(plan, meta, body))
        if "seeds" in roots:
            write(roots["seeds"] / "seeds" / f"{plan.index:06d}.txt", raw_seed(plan, body))

    manifest = {"generator": GENERATOR_VERSION, "docs": args.docs, "seed": args.seed, "flavors": flavors,
                "officials": len(registry.officials)}
    write(out / "corpus.json", json.dumps(manifest, indent=2) + "\n")
    print(f"gen_corpus: {args.docs} documents, {len(registry.officials)} officials, seed {args.seed} "
          f"→ {', '.join(str(roots[f]) for f in flavors)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
