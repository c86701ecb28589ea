"""A member's account: allauth's sign-in, sign-up and password views (bad input is a 400), and
editing the profile."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from allauth.account import views as allauth_views

from community.accounts.forms import ProfileForm
from community.accounts.models import Profile


class BadInputIs400:
    """allauth's form views answer an invalid form with 400, not 200."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LoginView(BadInputIs400, allauth_views.LoginView):
    pass


class SignupView(BadInputIs400, allauth_views.SignupView):
    def form_valid(self, form):
        """A double-clicked sign-up sends two copies that both pass the form's checks before
        either is stored; the second meets the first's account as a unique-key error. If that
        account is this very sign-up (same username, address and password), the copy is
        answered as the first was; if someone else took the name in that instant, the form
        says so. Either way nothing of the copy is stored or sent."""
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            data = form.cleaned_data
            twin = (
                get_user_model()
                .objects.filter(username__iexact=data.get("username", ""))
                .filter(email__iexact=data.get("email", ""))
                .first()
            )
            if twin is not None and twin.check_password(data.get("password1", "")):
                return HttpResponseRedirect(reverse("account_email_verification_sent"))
            form.add_error(None, _("That username or email address was taken a moment ago."))
            return self.form_invalid(form)


class PasswordChangeView(BadInputIs400, allauth_views.PasswordChangeView):
    pass


class PasswordResetView(BadInputIs400, allauth_views.PasswordResetView):
    pass


class EmailView(BadInputIs400, allauth_views.EmailView):
    pass


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    profile, _created = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return HttpResponseRedirect(reverse("community:me"))
    return render(
        request,
        "community/profile_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
