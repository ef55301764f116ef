"""A page's furniture: the running header and footer and the printed page number, told from
the page's own text so that they can be dropped.

Only the lines at a page's edges (its first and last EDGE non-blank lines) are looked at, since
the order of a PDF's text layer is the order things were drawn, which puts a header or footer
first or last, never in the middle of the body text.

- A page number: "12", "- 12 -", "— 12 —", "第 12 頁", "第 12 頁，共 40 頁", "12 / 40",
  "Page 12", "p. 12", or a lower-case Roman numeral of the front matter ("iii"). A bare
  number counts only up to a little past the document's page count, so that a year (2016)
  closing a cover page is not taken for one.
- A running header or footer: an edge line that, its digits aside, is an edge line of at least
  half of the pages (and of three pages at least): the report's title at the top of each page,
  "國家發展委員會 出國報告 第 3 頁".
"""

import collections
import re

EDGE = 3

# A page number as it is printed alone on a line (see the module's docstring).
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—~\s]*(?P<bare>\d{1,4})[-–—~\s]*                              # 12, - 12 -
      | 第\s*(?P<chinese>\d{1,4})\s*頁(?:\s*[，,/]?\s*共\s*\d{1,4}\s*頁)?   # 第 12 頁，共 40 頁
      | (?P<of>\d{1,4})\s*/\s*\d{1,4}                                    # 12 / 40
      | (?:page|p\.)\s*(?P<english>\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?     # Page 12 of 40
      | (?P<roman>[ivxl]{1,7})                                           # iii
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def page_number(line, page_count):
    """The page number `line` prints (as text), or None if it is not a page number."""
    match = _PAGE_NUMBER.match(line.strip())
    if not match:
        return None
    if match.group("roman") and match.group("roman") != match.group("roman").lower():
        return None
    if match.group("bare") and int(match.group("bare")) > page_count + 20:
        return None
    return next(group for group in match.groups() if group)


def _key(line):
    return _SPACE.sub(" ", _DIGITS.sub("#", line)).strip()


def _edges(lines):
    """Indexes of the first and last EDGE non-blank lines; of a page too short to have a body
    between them, its first and last line only."""
    filled = [index for index, line in enumerate(lines) if line.strip()]
    if len(filled) > 2 * EDGE:
        return [*filled[:EDGE], *filled[-EDGE:]]
    return [filled[0], filled[-1]] if filled else []


def drop_furniture(pages):
    """[(indexes of the body lines, furniture lines, printed page number)] for `pages`, each a
    list of lines."""
    edge_keys = [{_key(lines[index]) for index in _edges(lines)} for lines in pages]
    counts = collections.Counter(key for keys in edge_keys for key in keys)
    running = {key for key, count in counts.items() if key and count >= max(3, len(pages) / 2)}
    result = []
    for lines in pages:
        edges = set(_edges(lines))
        body, furniture, printed = [], [], None
        for index, line in enumerate(lines):
            number = page_number(line, len(pages)) if index in edges else None
            if number is not None and printed is None:
                printed = number
                furniture.append(line)
            elif index in edges and _key(line) in running:
                furniture.append(line)
            else:
                body.append(index)
        result.append((body, furniture, printed))
    return result
