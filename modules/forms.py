"""The module editor's form: besides the page's own fields, the feedback items a revision
addresses and a public note on what changed.

Which feedback is open is the community app's business; it says so through the
`module_feedback_choices` hook (a function of the page returning (id, label) pairs), so this
app never imports it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm


def feedback_choices(page):
    choices = []
    for choices_for in hooks.get_hooks("module_feedback_choices"):
        choices.extend(choices_for(page))
    return choices


class ModulePageForm(WagtailAdminPageForm):
    addressed_feedback = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Feedback this revision addresses"),
        help_text=_(
            "When you publish, ticked items become 'applied', their senders are told "
            "(if they asked to be), and the change is credited to ALT feedback on the page."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("addressed_feedback")
        if field is not None:
            field.choices = feedback_choices(self.instance)
        if self.instance.pk and not self.is_bound and self._note_already_published():
            # The note and ticks belong to the revision they were published with; a new
            # revision starts with none (they are in the module's changelog now).
            self.initial["change_note"] = ""
            self.initial["addressed_feedback"] = []

    def _note_already_published(self):
        """True when the note and ticks on this revision are already in the changelog (or it
        is the live revision): a new revision then starts with none."""
        page = self.instance
        if not page.has_unpublished_changes:
            return True
        latest = page.latest_revision
        return latest is not None and hasattr(latest, "module_change")
