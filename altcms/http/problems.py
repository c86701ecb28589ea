"""A designed page with a plain explanation and a 4xx status, for input the site cannot accept."""

from django.shortcuts import render


def problem(request, message, status=400, title="We couldn't accept that"):
    """A designed page with a plain explanation, and a 4xx status."""
    return render(request, "problem.html", {"title": title, "message": message}, status=status)
