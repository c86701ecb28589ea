# Django's English is American ("Dec. 2, 2026"); this site writes the day first.
DATE_FORMAT = "j F Y"  # 2 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 2 Dec 2026
