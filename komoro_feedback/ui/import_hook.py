"""A cheaper answer to the question PySide6 asks about every module imported after it.

PySide6's import hook (shibokensupport.feature) decides whether a module may switch Qt
"features" by reading its whole source through `inspect.getsource` and looking for the word
"PySide6". It asks for every module imported after Qt (about 560 when the window opens); for
a compiled extension module `inspect` first searches every loaded module and then fails to read
the binary as text (the answer is "no"): 0.1-0.2 s of every start on these machines. The same
answers, from the .py file's bytes and from the module's kind. Anything else (no such hook in
this PySide6, a module with neither a .py file nor an extension file) keeps PySide6's own way.
"""

from __future__ import annotations

import sys
from importlib.machinery import EXTENSION_SUFFIXES
from types import ModuleType

_MARK = "_komoro_reads_bytes"
#: PySide6's own check, kept on ours (tests compare the two).
ORIGINAL = "_komoro_original"


def speed_up_feature_check() -> bool:
    """Install the byte check; False when this PySide6 has no such hook (nothing changed)."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, _MARK, False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if path is None or (isinstance(path, str) and path.endswith(tuple(EXTENSION_SUFFIXES))):
            return False  # built in, a namespace, or compiled: inspect has no source for it
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as fh:
                    return b"PySide6" in fh.read()
            except OSError:
                pass
        return bool(original(module))

    setattr(uses_pyside, _MARK, True)
    setattr(uses_pyside, ORIGINAL, original)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
