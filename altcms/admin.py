"""Outgoing email in the admin (wagtail-modeladmin, registered in altcms/wagtail_hooks.py).

Editors see every message the site sent or tried to send: to whom, the subject, whether it went
out, how many attempts it took and, when the mail server refused, why. Messages that could not
be sent can be queued again. Bodies are never shown: they may hold a sign-in or confirmation
link meant for one person only.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wagtail.admin.auth import require_admin_access
from wagtail.admin.ui.components import Component

from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from altcms.http.ids import NumericIdsOnly
from altcms.models import OutgoingEmail
from altcms.ops import mail

PANEL_DAYS = 7  # the admin home warns about messages not sent in this many days


class OutgoingEmailPermissionHelper(PermissionHelper):
    """Nothing is written or deleted here; "change" means "may send again"."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_list(self, user):
        return user.has_perm("altcms.view_outgoingemail")

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)


class OutgoingEmailButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.status != OutgoingEmail.SENT and self.request.user.has_perm(
            "altcms.change_outgoingemail"
        ):
            buttons.append(
                {
                    "url": reverse("altcms_outgoing_email_send_again", args=[obj.pk]),
                    "label": _("Send again"),
                    "classname": "button button-small",
                    "title": _("Queue this message again now"),
                }
            )
        return buttons


class OutgoingEmailAdmin(NumericIdsOnly, ModelAdmin):
    model = OutgoingEmail
    menu_label = gettext_lazy("Outgoing email")
    menu_icon = "mail"
    menu_order = 910
    add_to_settings_menu = False
    list_display = ["subject", "recipients", "status_label", "attempts", "problem", "queued"]
    list_filter = ["status"]
    search_fields = ["subject", "to", "last_error"]
    list_per_page = 50
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject",
        "from_email",
        "to",
        "cc",
        "reply_to",
        "status",
        "attempts",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    permission_helper_class = OutgoingEmailPermissionHelper
    button_helper_class = OutgoingEmailButtonHelper

    def recipients(self, obj):
        return ", ".join(obj.to + obj.cc)

    recipients.short_description = gettext_lazy("Recipients")

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = gettext_lazy("Status")

    def problem(self, obj):
        if obj.status == OutgoingEmail.SENT or not obj.last_error:
            return "—"
        when = ""
        if obj.next_attempt_at:
            when = _("next try {when}").format(
                when=date_format(timezone.localtime(obj.next_attempt_at), _("j M Y, H:i"))
            )
        return format_html("{}<br><small>{}</small>", obj.last_error[:200], when)

    problem.short_description = gettext_lazy("Last problem")

    def queued(self, obj):
        return date_format(timezone.localtime(obj.created_at), _("j M Y, H:i"))

    queued.short_description = gettext_lazy("Queued")


@require_admin_access
@require_http_methods(["GET", "POST"])
def send_again(request, email_id):
    """Asks first (GET), then queues the message again (POST)."""
    if not request.user.has_perm("altcms.change_outgoingemail"):
        raise PermissionDenied
    email = get_object_or_404(OutgoingEmail, pk=email_id)
    if request.method == "GET":
        return TemplateResponse(request, "altcms/admin/send_again.html", {"email": email})
    count = mail.send_again([email])
    if count:
        messages.success(request, _("The message is queued again."))
    else:
        messages.info(request, _("That message was already sent."))
    return redirect(reverse("altcms_outgoingemail_modeladmin_index"))


class OutgoingEmailPanel(Component):
    """On the admin home, when messages could not be sent lately: how many, and where to look."""

    name = "outgoing_email_panel"
    template_name = "altcms/admin/outgoing_email_panel.html"
    order = 40

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        since = timezone.now() - timedelta(days=PANEL_DAYS)
        recent = OutgoingEmail.objects.filter(created_at__gte=since)
        return {
            "failed": recent.filter(status=OutgoingEmail.FAILED).count(),
            "retrying": recent.filter(status=OutgoingEmail.RETRYING).count(),
            "index_url": reverse("altcms_outgoingemail_modeladmin_index"),
            "days": PANEL_DAYS,
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["failed"] and not context["retrying"]:
            return ""
        return render_to_string(self.template_name, context)
