"""The declarative base, its naming convention, and what autogenerate leaves alone."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Objects the search revision creates outside the ORM (FTS5 on SQLite); autogenerate skips them.
SEARCH_OBJECT_PREFIX = "comment_fts"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic autogenerate filter: the search index objects are managed by hand."""
    return not (name or "").startswith(SEARCH_OBJECT_PREFIX)
