"""Sign-in, sign-out, password reset, and a person's own profile and e-mail addresses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from microcred.accounts import selectors, services
from microcred.accounts.forms import AddEmailForm, PasswordResetForm, ProfileForm, SignInForm
from microcred.accounts.models import EmailAddress
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")
    form_class = PasswordResetForm


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ProfileForm(
        request.POST or None, initial={"full_name": user.full_name, "display_name": user.display_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user=user, **form.cleaned_data)
        except InvalidInput as exc:
            for where, problems in exc.by_field().items():
                form.add_error(where if where in form.fields else None, problems)
        else:
            messages.success(request, "Your profile has been saved.")
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "email_form": AddEmailForm(), "addresses": selectors.email_addresses_of(user)},
    )


def _own_address(request: HttpRequest, address_id: int) -> EmailAddress:
    address = selectors.email_addresses_of(signed_in_user(request)).filter(pk=address_id).first()
    if address is None:
        raise Http404("no such address")
    return address


@login_required
@require_POST
def add_email(request: HttpRequest) -> HttpResponse:
    form = AddEmailForm(request.POST)
    if form.is_valid():
        try:
            address = services.add_email_address(
                user=signed_in_user(request), email=form.cleaned_data["email"]
            )
        except InvalidInput as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"We sent a confirmation link to {address.email}.")
    else:
        messages.error(request, "email: enter a valid e-mail address.")
    return redirect("accounts:profile")


@login_required
@require_POST
def resend_verification(request: HttpRequest, address_id: int) -> HttpResponse:
    address = _own_address(request, address_id)
    if not address.is_verified:
        services.send_verification(address=address)
        messages.success(request, f"We sent a new confirmation link to {address.email}.")
    return redirect("accounts:profile")


@login_required
@require_POST
def make_primary(request: HttpRequest, address_id: int) -> HttpResponse:
    try:
        services.make_primary_email(user=signed_in_user(request), address=_own_address(request, address_id))
    except InvalidInput as exc:
        messages.error(request, str(exc))
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(request, "Your primary address has changed.")
    return redirect("accounts:profile")


@login_required
@require_POST
def remove_email(request: HttpRequest, address_id: int) -> HttpResponse:
    try:
        services.remove_email_address(user=signed_in_user(request), address=_own_address(request, address_id))
    except InvalidInput as exc:
        messages.error(request, str(exc))
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(request, "The address has been removed.")
    return redirect("accounts:profile")


@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirm button (mail scanners follow links); POST verifies."""
    if request.method == "GET":
        return render(request, "accounts/verify_email.html", {"token": token})
    try:
        address = services.verify_email_address(token=token)
    except InvalidInput as exc:
        return render(
            request,
            "accounts/verify_email.html",
            {"token": token, "error": exc.problems[0].message},
            status=400,
        )
    messages.success(request, f"{address.email} is confirmed. You can sign in with it.")
    return redirect("accounts:profile" if request.user.is_authenticated else "accounts:sign-in")
