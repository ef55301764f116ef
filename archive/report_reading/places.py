"""Countries named in a report's 派赴國家 / 出國地區, as ISO 3166-1 codes.

Names are django-countries' in Traditional Chinese and English (the names the archive shows),
with the other names reports use for some of them (韓國, 台灣, 澳大利亞). A destination names
a country first and may go on with a city (法國巴黎 → FR): the longest country name that
begins each part of the text is taken.
"""

import functools

from django.utils import translation
from django_countries import countries

# Names reports print that are not django-countries' own.
OTHER_NAMES = {
    "韓國": "KR",
    "大韓民國": "KR",
    "台灣": "TW",
    "中華民國": "TW",
    "澳大利亞": "AU",
    "意大利": "IT",
    "科索沃": "XK",
    "梵諦岡": "VA",
    "英格蘭": "GB",
    "蘇格蘭": "GB",
}


@functools.cache
def _names():
    """{name case-folded: code}, and the longest name's length."""
    names = dict(OTHER_NAMES)
    for language in ("en", "zh-hant"):
        with translation.override(language):
            for country in countries:
                names[str(country.name).casefold()] = country.code
    return names, max(map(len, names))


def _is_word_edge(text, index):
    return index <= 0 or index >= len(text) or not (text[index - 1].isascii() and text[index - 1].isalnum())


def countries_in(text):
    """[(code, name as printed)] of the countries `text` names, in order, each once: at each
    place the longest name that begins there (法國巴黎 → 法國), a Latin name only as whole words."""
    names, longest = _names()
    folded = (text or "").casefold()
    found, index = [], 0
    while index < len(folded):
        match = next(
            (
                length
                for length in range(min(longest, len(folded) - index), 0, -1)
                if folded[index : index + length] in names
                and (
                    not folded[index].isascii()
                    or (_is_word_edge(folded, index) and _is_word_edge(folded, index + length))
                )
            ),
            None,
        )
        if match is None:
            index += 1
            continue
        code = names[folded[index : index + match]]
        if code not in (known for known, _name in found):
            found.append((code, text[index : index + match]))
        index += match
    return found
