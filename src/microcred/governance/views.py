"""Drafting pages: start a proposal, the three-step wizard with autosave and live policy checks, submit."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
