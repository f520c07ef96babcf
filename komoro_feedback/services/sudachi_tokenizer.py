"""Open a SudachiPy tokenizer over the first SudachiDict installed: core, else small.

A pip install has core; the standalone build ships small only (bench/README.md). Every user of
the dictionary goes through here, so none silently runs without it in the build.
"""

from __future__ import annotations

from typing import Any

from komoro_feedback.services.suggestion_engine import dictionary_preference

#: name -> its loaded Dictionary, shared by every tokenizer of the process: the themes'
#: reader, the curated words' lemmatizer and the name masker each loaded their own (~0.07 s
#: CPU each, once per report command). A tokenizer is made per user, as before.
_DICTIONARIES: dict[str, Any] = {}


def open_tokenizer(mode: str = "C") -> tuple[Any, str]:
    """A tokenizer in split mode A, B or C and the dictionary's name; (None, "") without
    SudachiPy or any dictionary."""
    try:
        from sudachipy import Dictionary, SplitMode
    except ImportError:
        return None, ""
    for name in dictionary_preference():
        dictionary = _DICTIONARIES.get(name)
        if dictionary is None:
            try:
                dictionary = _DICTIONARIES[name] = Dictionary(dict=name)
            except Exception:  # not installed: try the next
                continue
        # sudachipy >= 0.7 names it tokenizer(); older releases only have create().
        make = getattr(dictionary, "tokenizer", None) or dictionary.create
        return make(mode=getattr(SplitMode, mode)), name
    return None, ""
