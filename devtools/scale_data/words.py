"""The generator's vocabularies: names, places, summits, organisations, titles, sentences and
keywords, read from the files in vocabularies/ (UTF-8, one file a list).

Why files: the word lists are most of what the generator knows (some 1,100 lines) and change
for other reasons than its code (a summit held, a ministry renamed). As data, they are edited
and reviewed as text, and the code that draws from them stays short.

They are read once, when this module is first imported: only the generator imports it
(generate_demo_data and its tests), never the site, which pays nothing for them. The values are
the same Python values as when they were written in the code (tuples where those were tuples),
so that the same seed gives the same archive.

Three forms:
- a list, one item a line (blank lines skipped): .txt read by _lines();
- a table written as text, parsed where it is used (rows "|"-separated, units as "zh: en"):
  .txt read by _text();
- rows and mappings: .json.
"""

import json
from pathlib import Path

from events.models import SessionFormat
from reports.models import ReportCategory

FOLDER = Path(__file__).resolve().parent / "vocabularies"


def _text(name):
    return (FOLDER / name).read_text(encoding="utf-8")


def _lines(name):
    return [line.strip() for line in _text(name).splitlines() if line.strip()]


def _json(name):
    return json.loads(_text(name))


def _rows(name):
    return [tuple(row) for row in _json(name)]


def _mapping(name):
    return {key: tuple(value) for key, value in _json(name).items()}


# -- people -----------------------------------------------------------------------------------

# Surname, Wade-Giles romanisation (as Taiwanese passports print it), weight (per 10,000).
SURNAMES = _text("surnames.txt")
# Given-name characters and their romanisation, as "家:chia".
GIVEN_CHARACTERS = _text("given_characters.txt")
ENGLISH_GIVEN_NAMES = _lines("english_given_names.txt")
FOREIGN_GIVEN_NAMES = _lines("foreign_given_names.txt")
FOREIGN_SURNAMES = _lines("foreign_surnames.txt")

# -- places and summits -----------------------------------------------------------------------

# code | English | Chinese | capital | capital in Chinese | time zone
COUNTRIES = _text("countries.txt")
# Names of the summit hosts that are not among COUNTRIES: code -> (English, Chinese).
OTHER_COUNTRIES = _mapping("other_countries.json")
# Summit and conference series: name -> (English title, Chinese title, weight).
SERIES = _mapping("series.json")
REGIONS = _mapping("regions.json")
# Summits and conferences: series[:detail] | year | month | day | days | city_en | city_zh |
# country | time zone | venue.
SUMMITS = _text("summits.txt")

# -- programmes -------------------------------------------------------------------------------

# Tracks and session title parts: (English, Chinese).
TRACKS = _rows("tracks.json")
SESSION_TOPICS = _rows("session_topics.json")
SESSION_SUBTITLES = _rows("session_subtitles.json")
# (English, Chinese, the session format the prefix tells, or "").
SESSION_PREFIXES = [
    (prefix_en, prefix_zh, SessionFormat(session_format) if session_format else "")
    for prefix_en, prefix_zh, session_format in _json("session_prefixes.json")
]
SESSION_DESCRIPTIONS = _lines("session_descriptions.txt")
ROOM_NAMES = _lines("room_names.txt")
ROLE_NOTES = _json("role_notes.json")

# -- delegations and reports ------------------------------------------------------------------

# Study-trip topics: (Chinese, English, the keywords a report on it is filed under).
TOPICS = _rows("topics.json")
# The topics a delegation to an open-government summit reports on.
_SUMMIT_TOPIC_NAMES = _lines("summit_topics.txt")
SUMMIT_TOPICS = [topic for topic in TOPICS if topic[0] in _SUMMIT_TOPIC_NAMES]
# (title, category, category detail).
PLAN_TITLES = [
    (title, ReportCategory(category), detail) for title, category, detail in _json("plan_titles.json")
]
SUMMIT_PLAN_TITLES = _lines("summit_plan_titles.txt")
# Sentences of abstracts and section bodies; {topic} and the rest come from the report.
PURPOSE_SENTENCES = _lines("purpose_sentences.txt")
BODY_SENTENCES = _lines("body_sentences.txt")
REFLECTION_SENTENCES = _lines("reflection_sentences.txt")
RECOMMENDATIONS = _lines("recommendations.txt")
FOLLOW_UPS = _lines("follow_ups.txt")
STATUS_NOTES = _lines("status_notes.txt")
SUB_HEADINGS = _lines("sub_headings.txt")
CLASSIFICATIONS = _lines("classifications.txt")
SPONSORS = _lines("sponsors.txt")
KEYWORDS = _lines("keywords.txt")
SUMMIT_KEYWORDS = _lines("summit_keywords.txt")
KEYWORDS_EN = _lines("keywords_en.txt")

# -- organisations ----------------------------------------------------------------------------

# The standard units of ministries, councils, local governments and universities, as “zh: en”.
MINISTRY_UNITS = _text("ministry_units.txt")
COUNCIL_UNITS = _text("council_units.txt")
CITY_UNITS = _text("city_units.txt")
COUNTY_UNITS = _text("county_units.txt")
UNIVERSITY_UNITS = _text("university_units.txt")
SECTIONS = _text("sections.txt")
# Taiwanese bodies: zh | en | short names… | kind | weight | the standard units it has (MINISTRY…);
# its own units on the indented lines under it, as “zh: en”.
TAIWAN_BODIES = _text("taiwan_bodies.txt")
# (English, Chinese, weight), in every foreign country generated.
FOREIGN_MINISTRIES = _rows("foreign_ministries.json")
# English | Chinese | kind | short name
INTERNATIONAL_BODIES = _text("international_bodies.txt")

# -- titles -----------------------------------------------------------------------------------

# Titles of people abroad, by the kind of their organisation: (English, Chinese).
FOREIGN_TITLES = {
    kind: [tuple(title) for title in titles] for kind, titles in _json("foreign_titles.json").items()
}
# Titles by sector and rank: 0 heads an organisation, 1 heads a unit or deputises, 2 middle
# ranks, 3 staff. Civil-service grades (官職等) of the government ranks.
TITLES = _mapping("titles.json")
GRADES = tuple(_json("grades.json"))
# Heads whose title the name does not tell.
HEADS = _json("heads.json")


def keyword_vocabulary():
    words = list(dict.fromkeys([*KEYWORDS, *KEYWORDS_EN]))
    return words
