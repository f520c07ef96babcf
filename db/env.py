"""Alembic environment: runs on the connection the application hands over (or a URL)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from komoro_feedback.store.models import Base, include_object

config = context.config
target_metadata = Base.metadata


def _configure(connection: object) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=is_sqlite,  # SQLite needs table copies for ALTER
        include_object=include_object,
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported")
run_migrations_online()
