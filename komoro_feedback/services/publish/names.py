"""Personal names inside a text, found with SudachiPy's dictionary (人名 姓/名), masked.

Besides the recorded speaker (domain/privacy.py), citizens name neighbours and staff
(「隣の田中さんが」「山田花子です」). A surname followed by a given name, or a name followed by
an honorific (さん, 様, 氏, 君, ちゃん, 殿), is masked; a lone word that is also a surname
(浅間, 小諸) is not, so place names survive.
"""

from __future__ import annotations

from typing import Any, Final

from komoro_feedback.domain.privacy import NAME_MASK
from komoro_feedback.services.sudachi_tokenizer import open_tokenizer

HONORIFICS: Final = ("さん", "様", "さま", "氏", "君", "くん", "ちゃん", "殿")


class NameMasker:
    """Replaces person names by ［氏名］; does nothing without the dictionary."""

    def __init__(self) -> None:
        # core, else small (the standalone build's: it tags 人名 alike); before issue 12 only
        # core was tried, so the build masked no names. No dictionary: the speaker's recorded
        # name is still masked.
        self._tok: Any
        self._tok, self.dictionary = open_tokenizer("C")

    def __call__(self, text: str) -> str:
        if self._tok is None or not text:
            return text
        tokens = [(m.surface(), m.part_of_speech()) for m in self._tok.tokenize(text)]
        out: list[str] = []
        i = 0
        while i < len(tokens):
            j = i
            while j < len(tokens) and tokens[j][1][2] == "人名":
                j += 1
            run = j - i
            honorific = j < len(tokens) and tokens[j][0].startswith(HONORIFICS)
            if run >= 2 or (run == 1 and honorific):
                out.append(NAME_MASK)
                i = j
            else:
                out.append(tokens[i][0])
                i += 1
        return "".join(out)
