"""Who is signed in: a person from the staff list (SQLite) or the server's login (PostgreSQL).

On a laptop file the choice of name is a convenience and a guard against mistakes, not
security (anyone holding the file can open it: encryption protects it). On PostgreSQL the
server says who is connected (session_user) and what their group roles allow; the client
cannot claim another name.
"""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from komoro_feedback.domain.catalog import Staff
from komoro_feedback.domain.roles import Role
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.sign_in_rule import SETUP_ADMIN, SignInError, choose_person
from komoro_feedback.services.sign_in_rule import needs_setup as _needs_setup
from komoro_feedback.store.catalog_repository import CatalogRepository
from komoro_feedback.store.database import Database

#: When a login belongs to several groups, the first one here is taken.
_ROLE_PRECEDENCE = (Role.ADMINISTRATOR, Role.LIAISON, Role.PLANNING, Role.RECORDER)


class IdentityService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.catalog = CatalogRepository()

    def people(self) -> list[Staff]:
        """Who may sign in on this file: the active staff list."""
        with self.db.read() as s:
            return self.catalog.staff(s)

    def needs_setup(self) -> bool:
        """No active administrator yet: the first start acts as the setup administrator."""
        return _needs_setup(self.people())

    def sign_in(self, name: str | None = None) -> Actor:
        """Set the shared Actor to the person signing in; returns it."""
        if self.db.is_postgresql:
            return self._server_identity()
        person, role = choose_person(self.people(), name)
        return self._become(person, role)

    def verify_password(self, password: str) -> bool:
        """PostgreSQL: does the server accept this password for the signed-in login now?"""
        if not self.db.is_postgresql:
            return False
        url = self.db.url.set(username=self.actor.login or self.db.url.username, password=password)
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.connect():
                return True
        except SQLAlchemyError:
            return False
        finally:
            engine.dispose()

    def sign_in_as_setup(self) -> Actor:
        """For a file whose staff list cannot be read (too old, damaged): backup and restore."""
        return self._become(_(SETUP_ADMIN), Role.ADMINISTRATOR)

    def _become(self, name: str, role: Role, login: str = "") -> Actor:
        self.actor.name = name
        self.actor.role = role
        self.actor.login = login
        return self.actor

    def _server_identity(self) -> Actor:
        with self.db.read() as s:
            login = str(s.execute(text("SELECT session_user")).scalar_one())
            privileged = bool(
                s.execute(
                    text(
                        "SELECT r.rolsuper OR d.datdba = r.oid FROM pg_roles r, pg_database d "
                        "WHERE r.rolname = session_user AND d.datname = current_database()"
                    )
                ).scalar()
            )
            groups = {
                str(g)
                for g in s.execute(
                    text(
                        "SELECT rolname FROM pg_roles WHERE rolname LIKE 'komoro\\_%' "
                        "AND pg_has_role(session_user, oid, 'MEMBER')"
                    )
                ).scalars()
            }
        # The owner is for migrations (docs/postgresql.md); it can do everything anyway.
        role = Role.ADMINISTRATOR if privileged else None
        role = role or next((r for r in _ROLE_PRECEDENCE if r.pg_group in groups), None)
        if role is not None:
            with self.db.read() as s:
                person = next((p for p in self.catalog.staff(s) if p.login_name == login), None)
            return self._become(person.name if person else login, role, login)
        raise SignInError(
            _(
                "ログイン「{login}」にはKomoroの役割がありません。管理者に役割"
                "（komoro_recorder など）を付けてもらってください。"
            ).format(login=login)
        )
