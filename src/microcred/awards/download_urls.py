"""The learner's downloads, mounted under ``wallet/``: ``/wallet/<award uuid>/download/<kind>``."""

from django.urls import URLPattern, path

from microcred.awards import download_views

app_name = "downloads"
urlpatterns: list[URLPattern] = [
    path("<uuid:award_uuid>/download/<str:kind>", download_views.download, name="download"),
]
