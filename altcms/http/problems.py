"""A designed page with a plain explanation and a 4xx status, for input the site cannot accept."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

COULD_NOT_ACCEPT = _("We couldn't accept that")


def problem(request, message, status=400, title=COULD_NOT_ACCEPT):
    """A designed page with a plain explanation, and a 4xx status."""
    return render(request, "problem.html", {"title": title, "message": message}, status=status)
