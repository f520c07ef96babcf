"""Shared CLI plumbing: database options, opening services, JSON output, one-line errors."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.console import write_bytes
from komoro_feedback.config import (
    ENV_DB_PASSPHRASE,
    UserSettings,
    password_provider,
    resolve_database_url,
    sqlite_file,
    stored_db_passphrase,
)
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _, set_language
from komoro_feedback.store.sqlcipher import is_encrypted

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.quick_catalog import QuickCatalog

# The services (and SQLAlchemy under them) are imported when a command opens them: a read-only
# command on a ready SQLite file (catalog, wards) answers without them (a `quick` handler).

Handler = Callable[[argparse.Namespace, "Services"], int]
#: Answers from the catalog alone, or None to run the full handler instead.
QuickHandler = Callable[[argparse.Namespace, "QuickCatalog"], "int | None"]


class CommandError(Exception):
    """A problem to report on one line with a non-zero exit."""


def add_db_options(p: argparse.ArgumentParser, *, json_output: bool = True) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--db", metavar="PATH", help=_("SQLiteデータベースファイル"))
    g.add_argument(
        "--database-url",
        metavar="URL",
        help=_("データベースURL（環境変数 KOMORO_DATABASE_URL でも可）"),
    )
    p.add_argument(
        "--passphrase-file",
        type=Path,
        default=None,
        help=_(
            "暗号化されたデータベースのパスフレーズを1行目に書いたファイル"
            "（環境変数 KOMORO_DB_PASSPHRASE でも可。端末では入力を求めます）"
        ),
    )
    p.add_argument(
        "--user",
        default=None,
        help=_("操作する職員（職員名簿の名前。PostgreSQLではログインした利用者）"),
    )
    p.add_argument("--lang", choices=["ja", "en"], default=None, help=_("表示言語"))
    if json_output:
        p.add_argument("--json", action="store_true", help=_("JSONで出力"))


def command(
    p: argparse.ArgumentParser,
    handler: Handler,
    *,
    migrate: bool = True,
    creates_db: bool = False,
    encryption_rule: bool = True,
    quick: QuickHandler | None = None,
) -> None:
    """migrate: bring the database to the schema head first; creates_db: may make a new file;
    encryption_rule: refuse a plain file when the administrator requires encryption;
    quick: the same command answered from a ready SQLite file without the ORM."""
    p.set_defaults(
        handler=handler,
        migrate=migrate,
        creates_db=creates_db,
        encryption_rule=encryption_rule,
        quick=quick,
    )


def read_passphrase_file(path: Path) -> str:
    """The first line of a file (a passphrase never comes on the command line itself)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(_("パスフレーズのファイルを読めません: {p}").format(p=path)) from exc
    return lines[0] if lines else ""


def db_passphrase(args: argparse.Namespace, url: str) -> str | None:
    """--passphrase-file, then $KOMORO_DB_PASSPHRASE, then the OS keyring, then a prompt on a
    terminal (these two only when the file is encrypted)."""
    if getattr(args, "passphrase_file", None):
        return read_passphrase_file(args.passphrase_file)
    if os.environ.get(ENV_DB_PASSPHRASE):
        return os.environ[ENV_DB_PASSPHRASE]
    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if path is None or not is_encrypted(path):
        return None
    stored = stored_db_passphrase(path)
    if stored:
        return stored
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(_("データベースのパスフレーズ: ")) or None
    return None


def database_url(args: argparse.Namespace) -> str:
    """--db, --database-url, $KOMORO_DATABASE_URL, the settings, or the default file (whose
    folder is made here)."""
    url = resolve_database_url(
        getattr(args, "db", None), getattr(args, "database_url", None), UserSettings.load()
    )
    if getattr(args, "db", None) is None and url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return url


def open_services(args: argparse.Namespace, url: str, passphrase: str | None) -> Services:
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.sign_in_rule import SETUP_ADMIN
    from komoro_feedback.store.database import Database

    actor = Actor(_(SETUP_ADMIN))
    provider = None
    if url.startswith("postgres"):  # keyring, ~/.pgpass, PGPASSWORD, or ask on a terminal
        provider = password_provider(url, prompt=_terminal_prompt)
    return Services.build(Database(url, password_provider=provider, passphrase=passphrase), actor)


def run_quick(
    args: argparse.Namespace, handler: QuickHandler, url: str, passphrase: str | None
) -> int | None:
    """The command's answer from a ready SQLite file, or None to take the ORM path."""
    from komoro_feedback.services.quick_catalog import QuickCatalog

    path = sqlite_file(url)
    if path is None:
        return None
    catalog = QuickCatalog.open(
        path, passphrase, user=getattr(args, "user", None), remembered=UserSettings.load().recorder
    )
    if catalog is None:
        return None
    try:
        return handler(args, catalog)
    finally:
        catalog.close()


def sign_in(services: Services, args: argparse.Namespace, *, strict: bool = True) -> None:
    """The acting person: on PostgreSQL the server's login (--user is ignored); on a file a name
    from the staff list (--user, else the name last signed in on this computer, else the setup
    administrator while the list has no administrator).

    Not strict (backup, restore, check): a file too old or too damaged to read the staff list
    from is still handled, by the setup administrator (a file grants its holder everything).
    """
    from komoro_feedback.services.sign_in_rule import SignInError, command_user

    if not strict:
        try:
            sign_in(services, args)
        except SignInError:
            raise
        except KomoroError:
            services.identity.sign_in_as_setup()
        return
    user = getattr(args, "user", None)
    if services.db.is_postgresql:
        if user:
            print(
                _("--user は PostgreSQL では使いません（ログインした利用者が記録されます）。"),
                file=sys.stderr,
            )
        services.identity.sign_in()
        return
    people = services.identity.people() if not user else []
    services.identity.sign_in(command_user(people, user, UserSettings.load().recorder))


def _terminal_prompt(where: str) -> str | None:
    """Ask for a PostgreSQL password on an interactive terminal only (never in scripts)."""
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(_("{where} のパスワード: ").format(where=where)) or None


def run_command(args: argparse.Namespace) -> int:
    settings_lang = getattr(args, "lang", None)
    if settings_lang:
        set_language(settings_lang)
    try:
        url = database_url(args)
        passphrase = db_passphrase(args, url)
    except (KomoroError, CommandError) as exc:
        raise CommandError(str(exc)) from exc
    except Exception as exc:
        raise CommandError(_("データベースを開けません: {err}").format(err=exc)) from exc
    if getattr(args, "quick", None) is not None:
        code = run_quick(args, args.quick, url, passphrase)
        if code is not None:
            return code
    try:
        services = open_services(args, url, passphrase)
    except (KomoroError, CommandError) as exc:  # e.g. a wrong passphrase: one line, exit 2
        raise CommandError(str(exc)) from exc
    except Exception as exc:  # a malformed URL and the like
        raise CommandError(_("データベースを開けません: {err}").format(err=exc)) from exc
    try:
        path = services.db.sqlite_path
        if getattr(args, "db", None) and path and not path.exists() and not args.creates_db:
            raise CommandError(
                _("データベースファイルがありません: {p}（先に init を実行）").format(p=path)
            )
        if args.migrate:
            services.setup.initialise()
        if args.encryption_rule and not args.creates_db:
            services.encryption.check_policy()
        if not args.creates_db:
            sign_in(services, args, strict=args.migrate)
        result: int = args.handler(args, services)
        return result
    except KomoroError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        services.close()


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def print_json(data: Any) -> None:
    """UTF-8 bytes whatever the console's encoding (cp932 has no emoji or 𠮷); a lone
    surrogate, which UTF-8 cannot carry, makes the whole output ASCII escapes instead."""
    text = json.dumps(to_jsonable(data), ensure_ascii=False, indent=2) + "\n"
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        raw = (json.dumps(to_jsonable(data), ensure_ascii=True, indent=2) + "\n").encode("ascii")
    write_bytes(raw)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("日付は YYYY-MM-DD の形で指定してください: {t}").format(t=text)
        ) from exc
