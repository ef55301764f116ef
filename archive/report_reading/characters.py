"""The characters a PDF's text layer gets wrong, put right.

Word processors and browsers embed fonts whose character maps give Kangxi radicals
(U+2F00–U+2FDF: ⾏ ⾴ ⽉ ⽇), CJK radicals (U+2E80–U+2EFF: ⻑ ⺠) or CJK compatibility ideographs
(U+F900–U+FAFF) where the page shows the ordinary ideographs 行 頁 月 日 長 民 (Chromium with
Noto CJK does, for one), and Latin ligatures (U+FB00–U+FB06: ﬁ) where it shows f and i. Those
characters, and only those, are mapped: to what NFKC makes of them, and the CJK radicals NFKC
leaves alone to the ideograph they are drawn as (RADICALS: Unicode's
EquivalentUnifiedIdeograph.txt, for those that stand for a whole character). NFKC is never
applied to the whole text: it would turn the full-width punctuation of Chinese text (，：（）)
into ASCII.
"""

import functools
import re
import unicodedata

# Kangxi radicals, CJK radicals supplement (⺟ for 母) and compatibility ideographs, including
# the supplement block (U+2F800–U+2FA1F).
_LOOKALIKES = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\ufb00-\ufb06\U0002f800-\U0002fa1f]")


# CJK radicals that stand for a whole ideograph and have no NFKC form (⻑ LONG ONE is 長).
RADICALS = dict(
    zip(
        "⺝⺠⺩⺧⺫⺬⺶⻄⻅⻆⻉⻋⻑⻓⻔⻕⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻫⻬⻭⻮⻯⻰⻲",
        "月民王牛目示羊西见角贝车長长门阜雨青韦页风飞食马骨鬼鱼鸟卤麦黄斉齐歯齿竜龙亀",
        strict=True,
    )
)


@functools.cache
def _ordinary(character):
    if character in RADICALS:
        return RADICALS[character]
    normal = unicodedata.normalize("NFKC", character)
    if "\ufb00" <= character <= "\ufb06":
        return normal  # a ligature: its letters
    # A radical that is only part of a character (⺅, ⺡) stays as it is.
    return normal if len(normal) == 1 else character


def fix_characters(text):
    """`text` with look-alike radicals and compatibility ideographs as ordinary ideographs, and
    without NUL characters (which some text layers hold and PostgreSQL text cannot)."""
    return _LOOKALIKES.sub(lambda match: _ordinary(match.group()), text.replace("\x00", ""))
