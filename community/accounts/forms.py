"""Forms for a member's account: signing in, the profile, deleting the account."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from allauth.account import forms as allauth_forms

from altcms.content.choices import SCHOOL_LEVELS
from community.accounts import names
from community.accounts.models import Profile


def no_maxlength_attribute(form, *names):
    """Keep the length check but drop the HTML maxlength attribute: browsers would otherwise
    cut pasted text silently, and count some characters (emoji, 𠮷) twice."""
    for name in names:
        form.fields[name].max_length = None
        form.fields[name].widget.attrs.pop("maxlength", None)


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in form with plain labels. The username or address is normalised as
    usernames are stored (community.accounts.names), so ｔａｎａｋａ signs in as tanaka."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or email")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")

    def clean_login(self):
        return names.normalised(super().clean_login())


class ProfileForm(forms.ModelForm):
    school_levels = forms.MultipleChoiceField(
        choices=SCHOOL_LEVELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("School levels you teach"),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "hiring_route",
            "prefecture",
            "school_levels",
            "years_as_alt",
            "bio",
            "is_public",
            "language",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_maxlength_attribute(self, "bio", "display_name")
        # The live count (site.js) under the box shows the limit the server checks.
        self.fields["bio"].widget.attrs["data-max-length"] = Profile.BIO_MAX_LENGTH
        # A number from 0 to the model's most, said in the browser (min, max) and by the server.
        years = self.fields["years_as_alt"]
        out_of_range = _("Enter a number of years from 0 to %(most)s.") % {
            "most": Profile.MOST_YEARS_AS_ALT
        }
        years.max_value = Profile.MOST_YEARS_AS_ALT
        years.validators.append(MaxValueValidator(Profile.MOST_YEARS_AS_ALT))
        years.widget.attrs.update(years.widget_attrs(years.widget), inputmode="numeric")
        years.error_messages.update(min_value=out_of_range, max_value=out_of_range)
        # Too long: said as the site's other forms say it, not in Django's default words.
        self.fields["bio"].error_messages["max_length"] = _(
            "“About you” can be at most %(limit_value)s characters; yours has %(show_value)s."
        )
        self.fields["display_name"].error_messages["max_length"] = _(
            "Display names can be at most %(limit_value)s characters; yours has %(show_value)s."
        )
        # Blank: the language the member last used the site in is taken when they next do.
        self.fields["language"].choices = [("", _("Not chosen yet"))] + list(settings.LANGUAGES)

    def clean_display_name(self):
        name = names.clean_name(names.normalised(self.cleaned_data["display_name"]))
        names.check_display_name(name, self.instance.user)
        return name


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    remove_posts = forms.BooleanField(
        required=False,
        label=_("Also remove my comments and forum topics"),
        help_text=_(
            "If not ticked, they stay on the site under “Former member”, without your name."
        ),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
