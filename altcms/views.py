from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: a plain explanation and a 400, never a trace."""
    return render(
        request,
        "csrf_failure.html",
        {"reason": reason},
        status=400,
    )
