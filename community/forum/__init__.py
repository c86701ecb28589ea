"""Forum: boards (pages.py), topics and who follows them (models.py), the forum's views, forms and
admin, and the moderators' home panel. Depends on discussion and accounts."""
