"""Dates as this site shows them to readers (FORMAT_MODULE_PATH): `|date:"DATE_FORMAT"` or
`formats.date_format(value)` gives "2 December 2026" in English and 2026年12月2日 in Japanese;
SHORT_DATE_FORMAT "2 Dec 2026" and, in Japanese, the same 2026年12月2日. What is not set here
is Django's own format for the language."""
