"""The recommendations (建議) and follow-up items (後續工作事項) as separate items.

The recommendations are the items of the section headed 建議 (or 建議事項, 具體建議…); where
there is none, of a section whose heading names 建議 among other things (心得及建議), with a
warning, since its items may mix the two. The items are:

- the section's subsections, if it has any (2023: (一) 下一階段行動方案的承諾事項領域指引 and
  its text), each as "heading：text";
- else the numbered paragraphs of its text ((一), 一、, 1., (1), ①, bulleted or not; 2016:
  - (一) 持續推動開放政府…), a paragraph without a number going on with the item before it;
- else each paragraph of its text.
"""

import re

from django.utils.translation import gettext as _

from .lines import join
from .report import Recommendation

# An item's number at the start of a paragraph, after a bullet if any.
_ITEM = re.compile(
    r"^(?:[-–•●■□○◆※＊·]\s*)?"
    r"(?P<number>[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[.．、](?!\d)|[①-⑳])"
    r"\s*(?P<text>.*)$",
    re.S,
)
_RECOMMENDATIONS = re.compile(r"^(?:具體|政策|改進|相關)?建議(?:事項|方案)?$")
_FOLLOW_UP = re.compile(r"後續.*(?:事項|工作|辦理)")


def _items(parts, index):
    """The Recommendations of parts[index]."""
    part = parts[index]
    children, deeper = [], {}
    for child in parts[index + 1 :]:
        if child.section.level <= part.section.level:
            break
        if not children or child.section.level <= children[0].section.level:
            children.append(child)
        else:
            # A deeper heading under an item is part of the item's text.
            deeper.setdefault(id(children[-1]), []).append(child.section)
    if children:
        return [
            Recommendation(
                number=child.section.number,
                text=_titled(child.section.heading, _with_deeper(child.section, deeper.get(id(child), []))),
                page=child.section.page,
                heading=child.section.heading,
            )
            for child in children
        ]
    items = []
    numbered = any(_ITEM.match(paragraph.text) for paragraph in part.paragraphs)
    for paragraph in part.paragraphs:
        match = _ITEM.match(paragraph.text) if numbered else None
        if match:
            number = "".join(match.group("number").split())
            items.append(Recommendation(number=number, text=match.group("text").strip(), page=paragraph.page))
        elif items and numbered:
            items[-1].text = f"{items[-1].text}\n\n{paragraph.text}"
        elif not numbered:
            items.append(Recommendation(number="", text=paragraph.text, page=paragraph.page))
    return items


def _with_deeper(section, sections):
    texts = [section.body, *(f"{each.printed}\n\n{each.body}".strip() for each in sections)]
    return "\n\n".join(text for text in texts if text)


def _titled(heading, body):
    if not body:
        return heading
    separator = "" if heading[-1] in "？！?!：:" else "："
    return join(heading + separator, body)


def read_recommendations(parts):
    """(recommendations, follow-up items, warnings) of the Parts (sections.py)."""
    warnings = []
    headings = ["".join(part.section.heading.split()) for part in parts]
    index = next((i for i, heading in enumerate(headings) if _RECOMMENDATIONS.match(heading)), None)
    if index is None:
        index = next((i for i, heading in enumerate(headings) if "建議" in heading), None)
        if index is not None:
            warnings.append(
                _(
                    "The recommendations were read from “%(heading)s”, which may mix them with other "
                    "items: check them."
                )
                % {"heading": parts[index].section.heading}
            )
    recommendations = _items(parts, index) if index is not None else []
    follow_up = next((i for i, heading in enumerate(headings) if _FOLLOW_UP.search(heading)), None)
    follow_up_items = _items(parts, follow_up) if follow_up is not None else []
    return recommendations, follow_up_items, warnings
