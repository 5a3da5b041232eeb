"""Learner records, mounted at ``records/``."""

from django.urls import URLPattern, path

from microcred.records import views

app_name = "records"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("<slug:slug>/", views.record, name="record"),
    path("<slug:slug>/clr.json", views.clr, name="clr"),
]
