from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm

from microcred.accounts.models import User, normalize_email
from microcred.accounts.selectors import proven_owner_of_email


class SignInForm(AuthenticationForm):
    """Django's sign-in form, asking for an e-mail address instead of a user name."""

    username = forms.EmailField(
        label="E-mail address", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(max_length=200, label="Full name")
    display_name = forms.CharField(
        max_length=100,
        required=False,
        label="Display name",
        help_text="Shown publicly; leave empty to use your full name.",
    )


class AddEmailForm(forms.Form):
    email = forms.EmailField(
        label="Another e-mail address", help_text="We send a link to confirm it is yours."
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, for every address a person can sign in with, with links on the public origin.

    The link goes to the address typed in (a verified second address works when the school account is gone),
    and also to people who were invited but have not chosen a password yet.
    """

    def get_users(self, email: str) -> Iterable[User]:
        user = proven_owner_of_email(email)
        return [user] if user is not None and user.is_active else []

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        to_email = normalize_email(self.cleaned_data["email"])
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name,
        )

    def save(self, **kwargs: Any) -> None:  # type: ignore[override]
        # Django builds the link from the request's Host header and scheme; ours come from the public origin.
        public = urlsplit(settings.PUBLIC_URL)
        kwargs["domain_override"] = public.netloc
        kwargs["use_https"] = public.scheme == "https"
        super().save(**kwargs)
