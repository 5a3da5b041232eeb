"""Security headers on every response, pages that need no inline script or style, and CSRF on every form."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from microcred.institutions.models import OrgUnit

# (role, path) for a page of each kind, including errors and JSON
PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/accounts/sign-in/"),
    ("anonymous", "/accounts/password/reset/"),
    ("anonymous", "/accounts/emails/verify/some-token/"),
    ("anonymous", "/manage/"),  # a redirect
    ("anonymous", "/no/such/page/"),  # 404
    ("anonymous", "/api/v1/health"),
    ("anonymous", "/api/v1/openapi.json"),
    ("anonymous", "/api/v1/me"),  # 401
    ("anonymous", "/api/v1/docs"),
    ("learner", "/manage/bingham/"),  # 403
    ("learner", "/dashboard/"),
    ("learner", "/accounts/profile/"),
    ("admin", "/manage/"),
    ("admin", "/manage/bingham/"),
    ("admin", "/manage/bingham/edit/"),
    ("admin", "/manage/bingham/units/"),
    ("admin", "/manage/bingham/people/"),
    ("admin", "/manage/bingham/review-bodies/"),
    ("admin", "/manage/bingham/policy/"),
    ("admin", "/manage/bingham/policy/edit/"),
    ("admin", "/manage/bingham/policy/history/"),
    ("admin", "/manage/bingham/frameworks/"),
    ("admin", "/accounts/password/change/"),
    ("operator", "/manage/new/"),
    ("operator", "/dashboard/"),
]

INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>", re.IGNORECASE
)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.IGNORECASE)
EXTERNAL_SOURCE = re.compile(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)


def policy_of(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.strip() for d in header.split(";") if d.strip()}


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_every_response_carries_the_security_headers(visit, role, path):
    response = visit(role).get(path)
    directives = policy_of(response)
    assert directives["script-src"] == "script-src 'self'"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["object-src"] == "object-src 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_pages_work_under_the_policy_without_inline_script_style_or_outside_sources(visit, role, path):
    response = visit(role).get(path)
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        return
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
    assert not EVENT_HANDLER.search(html), EVENT_HANDLER.search(html)
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html)
    assert not EXTERNAL_SOURCE.search(html), EXTERNAL_SOURCE.search(html)


def test_session_cookies_are_not_readable_by_scripts(visit, site):
    response = visit("anonymous").post(
        reverse("accounts:sign-in"),
        {"username": site.people["admin"].email, "password": "correct horse battery staple"},
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def csrf_token_of(client: Client, path: str) -> str:
    client.get(path)
    return client.cookies["csrftoken"].value


def test_sign_in_without_the_csrf_token_is_refused(db, site):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:sign-in"),
        {"username": site.people["admin"].email, "password": "correct horse battery staple"},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_sign_in_with_the_csrf_token_works(db, site):
    client = Client(enforce_csrf_checks=True)
    token = csrf_token_of(client, reverse("accounts:sign-in"))
    response = client.post(
        reverse("accounts:sign-in"),
        {
            "username": site.people["admin"].email,
            "password": "correct horse battery staple",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(site.people["admin"].pk)


@pytest.mark.parametrize("with_token", [False, True])
def test_administration_forms_need_the_csrf_token(visit, site, with_token):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.people["admin"])
    path = reverse("institutions:units", args=[site.slug])
    data = {"name": "Chemistry", "kind": "department"}
    if with_token:
        data["csrfmiddlewaretoken"] = csrf_token_of(client, path)
    response = client.post(path, data)
    assert response.status_code == (302 if with_token else 403)
    assert OrgUnit.objects.filter(name="Chemistry").exists() is with_token


@pytest.mark.parametrize("with_header", [False, True])
def test_htmx_requests_send_the_token_in_a_header(visit, site, with_header):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.people["admin"])
    token = csrf_token_of(client, reverse("institutions:policy-edit", args=[site.slug]))
    headers = {"HX-Request": "true", **({"X-CSRFToken": token} if with_header else {})}
    response = client.post(
        reverse("institutions:policy-check", args=[site.slug]), {"credit_types": "both"}, headers=headers
    )
    assert response.status_code == (200 if with_header else 403)


def test_the_page_gives_htmx_the_token_for_its_header(visit, site):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.people["admin"])
    html = client.get(reverse("institutions:policy-edit", args=[site.slug])).content.decode()
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html).group(1)
    response = client.post(
        reverse("institutions:policy-check", args=[site.slug]),
        {"credit_types": "both"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 200


def test_a_refused_csrf_check_explains_itself_in_the_sites_layout(db, site):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:sign-in"), {"username": "x@example.edu", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "reload the page" in html
    assert not INLINE_STYLE.search(html)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_htmx_responses_vary_on_the_htmx_header(visit):
    assert "HX-Request" in visit("anonymous").get("/").headers["Vary"]
