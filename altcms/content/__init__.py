"""Shared content pieces every app builds on: StreamField blocks, rich text, choices, the search
text scheme, the seed machinery, PDF (with its embedded Japanese font) and spreadsheet helpers."""
