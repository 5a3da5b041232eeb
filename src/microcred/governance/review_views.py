"""Review pages: queues, a proposal's page with its timeline and changes, decisions, publishing."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
