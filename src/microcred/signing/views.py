"""Issuer keys on the web: the public ``did.json`` of each institution, and the office's key page.

``did.json`` is public (anyone verifying a credential fetches it). The key page is for the office of
micro-credentials (``permissions.can_manage_institution``): other signed-in people get 403, an unknown
institution 404.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from microcred.core.http import signed_in_user
from microcred.institutions import access, permissions
from microcred.signing import selectors, services

if TYPE_CHECKING:
    from microcred.institutions.models import Institution

DID_CONTENT_TYPE = "application/did+json"


class RotateKeyForm(forms.Form):
    confirm = forms.BooleanField(
        required=True,
        label="I understand that new credentials will be signed with a new key",
        help_text="Credentials already issued keep verifying: the old public key stays published.",
        error_messages={"required": "Tick the box to confirm the rotation."},
    )


def _institution(slug: str) -> Institution:
    return access.institution_or_404(slug)


@require_safe
def did_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The institution's DID document, where did:web resolution looks for it."""
    document = selectors.did_document(_institution(slug))
    response = HttpResponse(json.dumps(document, indent=2), content_type=DID_CONTENT_TYPE)
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def keys(request: HttpRequest, slug: str) -> HttpResponse:
    """The institution's DID and keys, and rotation (POST) for the office of micro-credentials."""
    institution = _institution(slug)
    user = signed_in_user(request)
    if not permissions.can_manage_institution(user, institution.pk):
        raise PermissionDenied("only the office of micro-credentials manages the issuer keys")
    form = RotateKeyForm(request.POST) if request.method == "POST" else RotateKeyForm()
    if request.method == "POST" and form.is_valid():
        key = services.rotate_issuer_key(institution=institution, by=user)
        messages.success(
            request,
            f"The issuer key was rotated: new credentials are signed with key {key.number}. "
            "Earlier keys stay published so their credentials keep verifying.",
        )
        return redirect("issuers:keys", institution.slug)
    return render(
        request,
        "signing/keys.html",
        {
            "institution": institution,
            "section": "keys",
            "can_manage": True,
            "did": selectors.issuer_did(institution),
            "keys": selectors.public_keys(institution),
            "form": form,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
