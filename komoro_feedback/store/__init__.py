"""Persistence: SQLAlchemy models, the engine, repositories and search."""
