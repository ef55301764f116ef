"""The characters a PDF's text layer gets wrong, put right.

Word processors embed fonts whose character maps give Kangxi radicals (U+2F00–U+2FDF: ⾏ ⾴ ⽉ ⽇)
or CJK compatibility ideographs (U+F900–U+FAFF) where the page shows the ordinary ideographs
行 頁 月 日. Those characters, and only those, are mapped to what NFKC makes of them. NFKC is
never applied to the whole text: it would turn the full-width punctuation of Chinese text
(，：（）) into ASCII.
"""

import functools
import re
import unicodedata

# Kangxi radicals, CJK radicals supplement (⺟ for 母) and compatibility ideographs, including
# the supplement block (U+2F800–U+2FA1F).
_LOOKALIKES = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


@functools.cache
def _ordinary(character):
    normal = unicodedata.normalize("NFKC", character)
    # A CJK radicals supplement character with no NFKC form stays as it is.
    return normal if len(normal) == 1 else character


def fix_characters(text):
    """`text` with look-alike radicals and compatibility ideographs as ordinary ideographs, and
    without NUL characters (which some text layers hold and PostgreSQL text cannot)."""
    return _LOOKALIKES.sub(lambda match: _ordinary(match.group()), text.replace("\x00", ""))
