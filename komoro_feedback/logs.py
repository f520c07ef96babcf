"""The log file IT reads: actions and errors, never a name, a contact or a comment's text."""

from __future__ import annotations

import faulthandler
import logging
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import IO

from platformdirs import user_log_dir

from komoro_feedback.config import APP_NAME, ENV_DATA_DIR

LOG_NAME = "komoro-feedback.log"
FAULT_NAME = "crash-native.log"  # faulthandler: a crash inside Qt or SQLite leaves its stack here
MAX_BYTES = 1_000_000
BACKUPS = 5

#: `extra=` keys that mean a record carries personal data or a citizen's words.
PERSONAL_FIELDS = frozenset(
    {
        "speaker",
        "speaker_name",
        "speaker_contact",
        "person_name",
        "contact",
        "comment_text",
        "answer_text",
        "text",
        "body",
        "email",
        "phone",
    }
)
#: Loggers that print bound SQL parameters (a comment's text, a name) when someone turns them on.
PARAMETER_LOGGERS = ("sqlalchemy.engine", "sqlalchemy.pool", "alembic.runtime")
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL)

log = logging.getLogger("komoro_feedback")
_fault_file: IO[str] | None = None


def log_dir() -> Path:
    """Where the log is: `logs/` beside the data with KOMORO_DATA_DIR, else the OS log folder."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override) / "logs"
    return Path(user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / LOG_NAME


def scrub(text: str) -> str:
    """Drop the bound parameters SQLAlchemy puts into its error messages."""
    return _PARAMETERS.sub("[parameters hidden]", text)


class PersonalDataFilter(logging.Filter):
    """Refuses records that carry personal data; hides SQL parameters in error text."""

    def filter(self, record: logging.LogRecord) -> bool:
        # (a LogRecord's own attributes, e.g. `name` for the logger, are not in the set)
        if PERSONAL_FIELDS & record.__dict__.keys():
            return False
        if record.name.startswith(PARAMETER_LOGGERS) and record.levelno < logging.WARNING:
            return False  # SQL echo: statements with their parameters
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)))
        if isinstance(record.msg, str) and "[parameters:" in record.msg:
            record.msg = scrub(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(scrub(a) if isinstance(a, str) else a for a in record.args)
        return True


def configure_logging(kind: str) -> Path:
    """Log to a rotating file (1 MB x 5). Safe to call more than once; returns the file.

    An unwritable log folder is not an error for the user: the app works without its log.
    """
    root = logging.getLogger()
    if any(getattr(h, "komoro", False) for h in root.handlers):
        return log_file()
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            log_file(), maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        handler = logging.NullHandler()
    handler.komoro = True  # type: ignore[attr-defined]
    handler.addFilter(PersonalDataFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)  # third-party: warnings and errors only
    log.setLevel(logging.INFO)  # ours: actions too
    log.info("start %s %s, Python %s, %s", kind, _version(), sys.version.split()[0], sys.platform)
    return log_file()


def _version() -> str:
    from komoro_feedback import __version__

    return __version__


def install_crash_handlers() -> None:
    """For a real process only (not a test calling main()): native crashes dump their stack
    into the log folder; uncaught exceptions in any thread are logged."""
    _enable_faulthandler()
    install_excepthooks()


def _enable_faulthandler() -> None:
    global _fault_file
    if _fault_file is not None:
        return
    try:
        _fault_file = (log_dir() / FAULT_NAME).open("a", encoding="utf-8")
    except OSError:
        return
    faulthandler.enable(file=_fault_file, all_threads=True)


ErrorListener = Callable[[str], None]
_listeners: list[ErrorListener] = []


def on_uncaught(listener: ErrorListener) -> None:
    """Also tell `listener` (the app's crash dialog) the details of each uncaught exception."""
    _listeners.append(listener)


def install_excepthooks() -> None:
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def error_details(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The text IT needs: version, platform, the scrubbed traceback."""
    body = scrub("".join(traceback.format_exception(exc_type, exc, tb)))
    return (
        f"Komoro Feedback {_version()} / Python {sys.version.split()[0]} / {sys.platform}\n{body}"
    )


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    _report(error_details(exc_type, exc, tb), (exc_type, exc, tb))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    _report(
        error_details(args.exc_type, args.exc_value, args.exc_traceback),
        (args.exc_type, args.exc_value, args.exc_traceback),
    )


def _report(
    details: str, exc_info: tuple[type[BaseException], BaseException, TracebackType | None]
) -> None:
    log.error("uncaught exception", exc_info=exc_info)
    if not _listeners:  # no window to show it in: one line on stderr, the rest in the log
        print(f"Komoro Feedback: {exc_info[0].__name__} ({log_file()})", file=sys.stderr)
    for listener in list(_listeners):
        try:
            listener(details)
        except Exception:  # the dialog itself failed: the log still has it
            log.exception("crash listener failed")
