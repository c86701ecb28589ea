"""Feedback: what readers tell the editors (feedback items), the contact page, the editorial loop
that applies feedback in module revisions (loop.py), email import, and the feedback admin.
Depends on forum, discussion and accounts."""
