"""The public catalog (no sign-in): published micro-credentials, search and filters, details, JSON."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
