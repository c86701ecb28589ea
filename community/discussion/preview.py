"""/discussion/preview/: a comment's Markdown rendered exactly as it will be published (the same
renderer and sanitiser), for the comment box's preview. Nothing is stored, so it needs no
account and no CSRF token (the comment form visitors see carries none)."""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from community.discussion.markup import render_comment

# Room for a comment that is too long (the counter says so) but not for an abuse of the renderer.
MAX_PREVIEW = settings.COMMENT_MAX_LENGTH * 4


@csrf_exempt
@require_POST
@never_cache
def preview_comment(request):
    text = request.POST.get("comment", "")
    if len(text) > MAX_PREVIEW or "\x00" in text:
        return JsonResponse({"error": "That is too long to preview."}, status=400)
    response = JsonResponse({"html": render_comment(text.replace("\r\n", "\n"))})
    response["X-Content-Type-Options"] = "nosniff"
    return response
