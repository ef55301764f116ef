"""Letters a CSV file lost to Big5.

Excel on Traditional-Chinese Windows saves “CSV” in Big5 (cp950), which has no é, ü or ñ and
lacks some rare Chinese characters: it writes “?” in their place, or a plain letter (e for é).
A roster or programme exported from the archive and saved that way comes back with “J?r?my”
where “Jérémy” was, and would create a person of that name. The importers put back each word
that the archive itself exported for the same delegation or summit (the word as Big5 would have
written it leads back to the word), and refuse a name that still holds such a “?”.
"""

import re
import unicodedata
from collections import defaultdict

# Encodings that cannot hold every letter: a file read in one of them may have lost some.
LOSSY_ENCODINGS = {"cp950"}

# A word: a run of characters between spaces and the punctuation that separates names, roles
# and affiliations in a cell. Chinese text has no spaces, so a Chinese run is one word.
_WORD = re.compile(r"[^\s,;()|/·:，；、（）]+")


def may_have_lost_letters(table):
    return table.encoding in LOSSY_ENCODINGS


def _as_written(word, encoding):
    """The ways a program saving in `encoding` may have written `word`: a “?” for each letter
    the encoding lacks, or the letter without its accent."""
    replaced = word.encode(encoding, errors="replace").decode(encoding)
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    plain = plain.encode(encoding, errors="replace").decode(encoding)
    return {replaced, plain} - {word}


class LostLetters:
    """Puts back what a file saved in `encoding` wrote without some of its letters, from `texts`
    (the cells the archive exported): a whole cell as exported, else word by word. A written
    form that more than one cell or word could have given, or that is itself one the archive
    has (Jeremy beside Jérémy), is left as it is."""

    def __init__(self, encoding, texts):
        self.encoding = encoding
        cells, words, seen = defaultdict(set), defaultdict(set), set()
        for text in texts:
            text = str(text)
            seen.add(text)
            for written in _as_written(text, encoding):
                cells[written].add(text)
            for word in _WORD.findall(text):
                seen.add(word)
                for written in _as_written(word, encoding):
                    words[written].add(word)
        self.cells, self.words = (
            {
                written: found.pop()
                for written, found in forms.items()
                if len(found) == 1 and written not in seen
            }
            for forms in (cells, words)
        )

    def restore(self, text):
        if not isinstance(text, str) or not (self.cells or self.words):
            return text
        if text in self.cells:
            return self.cells[text]
        return _WORD.sub(lambda match: self.words.get(match.group(), match.group()), text)


def still_lost(text):
    """Whether a name, read from a file that may have lost letters, still shows a “?” for one
    (names have no question marks of their own)."""
    return isinstance(text, str) and "?" in text


# A “?” between two letters: where “Soci?t?” or “g?n?ral” lost a letter. A question mark of
# the text's own comes after a word, not inside one.
_LOST_INSIDE = re.compile(r"(?<=[^\W\d_])\?(?=[^\W\d_])")


def lost_inside_word(text):
    """The first word of free text (a title, a description) that shows a lost letter, or "".
    Words that are web addresses (“page.php?id=3”) are left alone."""
    if not isinstance(text, str) or "?" not in text:
        return ""
    for word in _WORD.findall(text):
        if _LOST_INSIDE.search(word) and not any(mark in word for mark in ("/", "=", "&", "www.")):
            return word
    return ""
