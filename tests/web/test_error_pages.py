"""The friendly error pages: 403, 404 and 500, each in the site's own words and under its security headers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from microcred.web import views


def test_a_missing_page_is_a_friendly_404(visit):
    response = visit("anonymous").get("/no/such/page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert b'href="/"' in response.content


def test_a_forbidden_page_is_a_friendly_403(visit, site):
    response = visit("learner").get(reverse("institutions:overview", args=[site.slug]))
    assert response.status_code == 403
    assert b"You may not open this page" in response.content
    assert b"ask your institution" in response.content
    assert b"Traceback" not in response.content


def test_the_site_names_its_error_handlers():
    resolver = get_resolver()
    assert resolver.resolve_error_handler(403) is views.forbidden
    assert resolver.resolve_error_handler(404) is views.not_found
    assert resolver.resolve_error_handler(500) is views.server_error


@pytest.mark.urls("tests.web.failing_urls")
def test_a_failing_view_gives_the_friendly_500_page(db, caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/explode/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "a bug in a view" not in html  # no details leak to the visitor
    assert "RuntimeError" not in html
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert any(record.exc_info and "a bug in a view" in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.urls("tests.web.failing_urls")
def test_the_500_page_renders_without_a_database_or_context(rf):
    response = views.server_error(rf.get("/explode/"))
    assert response.status_code == 500
    assert b"/static/microcred/microcred.css" in response.content
