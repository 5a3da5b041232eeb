from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
