"""Spreadsheet cells that stay text.

A CSV cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
programs skip first) is read as a formula by Excel, LibreOffice and Google Sheets: a reader's
message "=HYPERLINK(...)" would run when an editor opens the export. Such a cell gets a leading
apostrophe, which spreadsheets show as nothing and treat as "this is text" (OWASP's advice for
CSV injection). Numbers keep their sign: -3 stays -3.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value):
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value  # a plain number such as -3 or +81


def escape_formulas_in_admin_exports():
    """Every CSV the Wagtail admin exports (form submissions, reports, modeladmin listings)
    goes through SpreadsheetExportMixin.preprocess_field_value; its CSV cells are made safe
    there, once, whatever the view. (XLSX is safe already: Wagtail marks formula cells as
    text.) Called from altcms/wagtail_hooks.py, which Wagtail loads with its admin."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "escapes_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value

    preprocess_field_value.escapes_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
