"""Translation and locale-aware formatting, usable from every layer without Qt."""
