"""The feedback inbox (wagtail-modeladmin) and the admin home panel that points at it.

Registered in community/wagtail_hooks.py. Editors filter by status, module and source, search,
change the status of many items at once, and open an item's module in the page editor.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component

from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InstanceSpecificView

from altcms.http.ids import NumericIdsOnly
from community.discussion import admin as discussion_admin
from community.feedback import loop
from community.feedback.models import Feedback
from community.forum import admin as forum_admin

BULK_STATUSES = [Feedback.NEW, Feedback.ACCEPTED, Feedback.DECLINED]
STALE_AFTER = timedelta(days=365)


class ModuleFilter(SimpleListFilter):
    """By module (Django's related-field filter needs django.contrib.admin, which this site
    does not install)."""

    title = gettext_lazy("module")
    parameter_name = "module"

    def lookups(self, request, model_admin):
        from modules.models import ModulePage

        return [("none", _("No particular module"))] + [
            (str(pk), title)
            for pk, title in ModulePage.objects.order_by("path").values_list("pk", "title")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(module__isnull=True)
        if value and value.isdigit():
            return queryset.filter(module_id=int(value))
        return queryset


class FeedbackForm(WagtailAdminModelForm):
    """Editors set new, accepted or declined; "applied" comes only from publishing a module
    revision that addresses the item."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status == Feedback.APPLIED:
            self.fields["status"].disabled = True
            self.fields["status"].help_text = _(
                "Applied by a module revision; that stays on record and cannot be undone here."
            )
        else:
            self.fields["status"].choices = [
                choice for choice in Feedback.STATUS_CHOICES if choice[0] != Feedback.APPLIED
            ]
            self.fields["status"].help_text = _(
                "It becomes “applied” when you publish a module revision that addresses it."
            )


class FeedbackPermissionHelper(PermissionHelper):
    """Feedback arrives from readers; nobody creates or deletes it by hand here."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_list(self, user):
        # Moderators may send comments here (add_feedback) but not read everyone's messages.
        return user.has_perm("community.view_feedback") or user.has_perm(
            "community.change_feedback"
        )

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)


class FeedbackButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.module_id and self.request.user.has_perm("wagtailadmin.access_admin"):
            buttons.append(
                {
                    "url": reverse("wagtailadmin_pages:edit", args=[obj.module_id]),
                    "label": _("Open module in editor"),
                    "classname": "button button-small button-secondary",
                    "title": _("Edit the module this feedback is about"),
                }
            )
        return buttons


class FeedbackAdmin(NumericIdsOnly, ModelAdmin):
    model = Feedback
    menu_label = gettext_lazy("Feedback inbox")
    menu_icon = "mail"
    list_display = ["excerpt", "sender", "about", "source", "language", "status_label", "received"]
    list_filter = ["status", ModuleFilter, "source", "language"]
    search_fields = ["text", "subject", "sender_name", "sender_email", "concerns", "editor_notes"]
    list_per_page = 50
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_template_name = "modeladmin/community/feedback/inspect.html"
    index_template_name = "modeladmin/community/feedback/index.html"
    permission_helper_class = FeedbackPermissionHelper
    button_helper_class = FeedbackButtonHelper
    edit_handler = ObjectList(
        [
            FieldPanel("status"),
            FieldPanel("module"),
            FieldPanel("concerns"),
            FieldPanel("editor_notes"),
        ],
        base_form_class=FeedbackForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("module")

    def excerpt(self, obj):
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="feedback-bulk" '
            'class="feedback-select" aria-label="{}"> {}',
            obj.pk,
            _("Select feedback #{number}").format(number=obj.pk),
            Truncator(" ".join(obj.text.split())).chars(100),
        )

    excerpt.short_description = gettext_lazy("Feedback")

    def sender(self, obj):
        return format_html("{}<br><small>{}</small>", obj.sender_name or "—", obj.sender_email)

    sender.short_description = gettext_lazy("Sender")

    def about(self, obj):
        if not obj.module_id:
            return "—"
        if obj.concerns:
            return format_html("{}<br><small>{}</small>", obj.module.title, obj.concerns)
        return obj.module.title

    about.short_description = gettext_lazy("About")

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = gettext_lazy("Status")

    def received(self, obj):
        return date_format(timezone.localtime(obj.created_at), _("j M Y"))

    received.short_description = gettext_lazy("Received")


@require_admin_access
@require_POST
def bulk_status(request):
    """Set the status of the ticked items (new, accepted or declined; applied ones stay)."""
    if not request.user.has_perm("community.change_feedback"):
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    back = back or reverse("community_feedback_modeladmin_index")
    status = request.POST.get("status", "")
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    if status not in BULK_STATUSES:
        messages.error(request, _("Choose a status to set."))
        return redirect(back)
    if not ids:
        messages.error(request, _("Tick the feedback items to change first."))
        return redirect(back)
    items = Feedback.objects.filter(pk__in=ids)
    applied = items.filter(status=Feedback.APPLIED).count()
    changed = items.exclude(status=Feedback.APPLIED).update(
        status=status, updated_at=timezone.now()
    )
    label = str(dict(Feedback.STATUS_CHOICES)[status]).lower()
    messages.success(
        request,
        ngettext(
            "{count} feedback item now {status}.",
            "{count} feedback items now {status}.",
            changed,
        ).format(count=changed, status=label),
    )
    if applied:
        messages.warning(
            request,
            ngettext(
                "{count} already applied to a module revision, so left as it was.",
                "{count} already applied to a module revision, so left as they were.",
                applied,
            ).format(count=applied),
        )
    return redirect(back)


class FeedbackPanel(Component):
    """On the admin home: how much feedback is new, and which modules are overdue a review."""

    name = "feedback_panel"
    template_name = "community/admin/feedback_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from modules.models import ModulePage

        cutoff = timezone.localdate() - STALE_AFTER
        return {
            "new_count": Feedback.objects.filter(status=Feedback.NEW).count(),
            "accepted_count": Feedback.objects.filter(status=Feedback.ACCEPTED).count(),
            "inbox_url": reverse("community_feedback_modeladmin_index"),
            "stale_modules": list(
                ModulePage.objects.filter(last_reviewed__lt=cutoff)
                .order_by("last_reviewed")
                .only("id", "title", "last_reviewed")
            ),
            "cutoff": cutoff,
        }


# Comments and forum topics become feedback items from their moderation screens: the feedback
# room adds that action to the discussion's and the forum's admin (which know nothing of it).


class CommentButtonHelper(discussion_admin.CommentButtonHelper):
    def more_buttons(self, obj):
        if not self.request.user.has_perm("community.add_feedback"):
            return []
        return [self.action_button(obj, "feedback", _("Send to feedback inbox"))]


class ModerateView(discussion_admin.ModerateView):
    ACTIONS = {
        **discussion_admin.ModerateView.ACTIONS,
        "feedback": (
            gettext_lazy("Send this comment to the feedback inbox?"),
            gettext_lazy("Send to the feedback inbox"),
            gettext_lazy(
                "Editors will find it in the feedback inbox, linked to this comment and its "
                "module, and can act on it in a module revision. The comment itself does not "
                "change."
            ),
        ),
    }
    PERMISSIONS = {"feedback": "community.add_feedback"}

    def carry_out(self, request, comment):
        item, created = loop.from_comment(comment)
        say = messages.success if created else messages.info
        if created:
            text = _("The comment by {name} is now feedback item #{number}.")
        else:
            text = _("The comment by {name} is already feedback item #{number}.")
        say(request, text.format(name=comment.author_name, number=item.pk))


class CommentAdmin(discussion_admin.CommentAdmin):
    button_helper_class = CommentButtonHelper
    moderate_view_class = ModerateView


class TopicButtonHelper(forum_admin.TopicButtonHelper):
    def more_buttons(self, obj):
        if not self.request.user.has_perm("community.add_feedback"):
            return []
        return [
            {
                "url": self.url_helper.get_action_url("feedback", quote(obj.pk)),
                "label": _("Send to feedback inbox"),
                "classname": "button button-small button-secondary",
                "title": _("Make this topic a feedback item for the editors"),
            }
        ]


class TopicToFeedbackView(InstanceSpecificView):
    """Confirm (GET) and make (POST) a feedback item from a forum topic."""

    page_title = gettext_lazy("Send to the feedback inbox")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("community.add_feedback"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.instance.title

    def get_template_names(self):
        return ["modeladmin/community/topic/to_feedback.html"]

    def post(self, request, *args, **kwargs):
        item, created = loop.from_topic(self.instance)
        say = messages.success if created else messages.info
        if created:
            text = _("“{title}” is now feedback item #{number}.")
        else:
            text = _("“{title}” is already feedback item #{number}.")
        say(request, text.format(title=self.instance.title, number=item.pk))
        return redirect(self.index_url)


class TopicAdmin(forum_admin.TopicAdmin):
    button_helper_class = TopicButtonHelper

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("feedback"),
                self.to_feedback_view,
                name=self.url_helper.get_action_url_name("feedback"),
            ),
        )

    def to_feedback_view(self, request, instance_pk):
        self._check(instance_pk)
        return TopicToFeedbackView.as_view(model_admin=self, instance_pk=instance_pk)(request)
