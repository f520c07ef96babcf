"""Themes: grouping comments by what they talk about, offline (words, vectors, clustering)."""
