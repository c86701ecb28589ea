"""The consented-answers export (CSV) for researchers, in the admin's Reports menu, and the
members' certificates (wagtail-modeladmin: listed, searched, revoked and restored, each change
in the certificate's history); registered in community/wagtail_hooks.py."""

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import re_path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InstanceSpecificView

from altcms.http.ids import NumericIdsOnly
from community.progress import research, revocation
from community.progress.models import REASON_LENGTH, Certificate


@require_admin_access
def export_research_answers(request):
    if not request.user.has_perm("community.export_research_answers"):
        raise PermissionDenied
    response = HttpResponse(research.as_csv(), content_type="text/csv; charset=utf-8")
    filename = f"consented-answers-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ResearchExportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("community.export_research_answers")


# --- Certificates: editors see every certificate, and revoke or restore one -----------------


class CertificateStatusFilter(SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("valid", _("Valid")), ("revoked", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "valid":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


class CertificateCategoryFilter(SimpleListFilter):
    """The category as printed on the certificates (it stays when a category is renamed or
    deleted)."""

    title = gettext_lazy("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        titles = Certificate.objects.order_by("category_title").values_list(
            "category_title", flat=True
        )
        return [(title, title) for title in titles.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(category_title=self.value()) if self.value() else queryset


class CertificatePermissionHelper(PermissionHelper):
    """Certificates are opened by members, never made, edited or deleted here: an editor with
    `view_certificate` sees them, one with `revoke_certificate` revokes and restores them."""

    def user_can_list(self, user):
        return self.user_has_specific_permission(user, "view_certificate")

    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_revoke(self, user):
        return self.user_can_list(user) and self.user_has_specific_permission(
            user, "revoke_certificate"
        )


class CertificateButtonHelper(ButtonHelper):
    def button(self, obj, action, label, classname="button-secondary", title=""):
        return {
            "url": self.url_helper.get_action_url(action, quote(obj.pk)),
            "label": label,
            "classname": f"button button-small {classname}",
            "title": title or label,
        }

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if "history" not in (exclude or []):
            buttons.append(self.button(obj, "history", _("History")))
        if self.permission_helper.user_can_revoke(self.request.user):
            if obj.is_revoked:
                buttons.append(
                    self.button(obj, "restore", _("Restore"), title=_("Restore this certificate"))
                )
            else:
                buttons.append(
                    self.button(obj, "revoke", _("Revoke"), "no", _("Revoke this certificate"))
                )
        return buttons


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for revoking"),
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "A short note for the editors, kept in the certificate's history. It is never "
            "shown on the site or to the member."
        ),
        error_messages={"required": gettext_lazy("Say why the certificate is revoked.")},
    )


class CertificateActionView(InstanceSpecificView):
    """Confirm (GET) and carry out (POST) revoking or restoring a certificate. Asked again once
    it is done (a reload, a second click), it changes nothing and says so."""

    action = None  # "revoke" or "restore"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_revoke(user)

    @property
    def revoking(self):
        return self.action == "revoke"

    def get_page_title(self):
        if self.revoking:
            return _("Revoke this certificate?")
        return _("Restore this certificate?")

    def get_page_subtitle(self):
        return f"{self.instance.name} · {self.instance.category_title}"

    def get_template_names(self):
        return ["modeladmin/community/certificate/confirm.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, **kwargs)

    def nothing_to_do(self):
        if self.revoking == self.instance.is_revoked:
            if self.revoking:
                message = _("The certificate {code} was already revoked: nothing changed.")
            else:
                message = _("The certificate {code} is valid: there is nothing to restore.")
            messages.info(self.request, message.format(code=self.instance.code))
            return redirect(self.index_url)
        return None

    def get(self, request, *args, **kwargs):
        done = self.nothing_to_do()
        if done is not None:
            return done
        form = RevokeForm() if self.revoking else None
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        certificate = self.instance
        if self.revoking:
            form = RevokeForm(request.POST)
            if not form.is_valid():
                # A reload of a revoking that went through finds nothing to do, whatever it sends.
                done = self.nothing_to_do()
                if done is not None:
                    return done
                return self.render_to_response(self.get_context_data(form=form), status=400)
            changed = revocation.revoke(certificate, request.user, form.cleaned_data["reason"])
            message = _(
                "The certificate {code} for {name} is revoked: its address now says it was "
                "withdrawn."
            )
        else:
            changed = revocation.restore(certificate, request.user)
            message = _("The certificate {code} for {name} is restored: it verifies again.")
        if not changed:
            return self.nothing_to_do() or redirect(self.index_url)
        messages.success(request, message.format(code=certificate.code, name=certificate.name))
        return redirect(self.index_url)


class RevokeCertificateView(CertificateActionView):
    action = "revoke"


class RestoreCertificateView(CertificateActionView):
    action = "restore"


class CertificateAdmin(NumericIdsOnly, ModelAdmin):
    model = Certificate
    menu_label = gettext_lazy("Certificates")
    menu_icon = "circle-check"
    list_display = [
        "printed_name",
        "username",
        "category_name",
        "certificate_code",
        "issued",
        "status",
    ]
    list_filter = [CertificateCategoryFilter, CertificateStatusFilter]
    search_fields = ["name", "user__username", "code"]
    list_per_page = 50
    ordering = ["-issued_at", "-pk"]
    inspect_view_enabled = True
    inspect_template_name = "modeladmin/community/certificate/inspect.html"
    permission_helper_class = CertificatePermissionHelper
    button_helper_class = CertificateButtonHelper

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "revoked_by")

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                getattr(self, f"{action}_view"),
                name=self.url_helper.get_action_url_name(action),
            )
            for action in ("revoke", "restore")
        )

    def revoke_view(self, request, instance_pk):
        self._check(instance_pk)
        return RevokeCertificateView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def restore_view(self, request, instance_pk):
        self._check(instance_pk)
        return RestoreCertificateView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def printed_name(self, obj):
        return obj.name

    printed_name.short_description = gettext_lazy("Name as printed")

    def username(self, obj):
        return obj.user.get_username()

    username.short_description = gettext_lazy("Username")

    def category_name(self, obj):
        return obj.category_title

    category_name.short_description = gettext_lazy("Category")

    def certificate_code(self, obj):
        return obj.code

    certificate_code.short_description = gettext_lazy("Code")

    def issued(self, obj):
        return date_format(timezone.localtime(obj.issued_at), _("j M Y"))

    issued.short_description = gettext_lazy("Issued")

    def status(self, obj):
        if obj.is_revoked:
            when = date_format(timezone.localtime(obj.revoked_at), _("j M Y"))
            return _("Revoked on {date}").format(date=when)
        return _("Valid")

    status.short_description = gettext_lazy("Status")


class RevokedFormatter(LogFormatter):
    """'Revoked' in the certificate's history and the site history, with the reason (editors
    only see these)."""

    label = gettext_lazy("Revoke certificate")

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason")
        if reason:
            return _("Revoked. Reason: {reason}").format(reason=reason)
        return _("Revoked")


class RestoredFormatter(LogFormatter):
    label = gettext_lazy("Restore certificate")
    message = gettext_lazy("Restored: it verifies again")
