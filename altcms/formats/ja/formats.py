# Django's Japanese DATE_FORMAT is already "Y年n月j日"; its short form "Y/m/d" (2026/12/02) reads
# as a form field's value, so the short date a reader sees is the long one.
SHORT_DATE_FORMAT = "Y年n月j日"
