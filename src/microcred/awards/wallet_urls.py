"""The learner's wallet, mounted at /wallet/: their badges, one badge with its sharing panel, its QR code."""

from django.urls import path

from microcred.awards import wallet_views

app_name = "wallet"
urlpatterns = [
    path("", wallet_views.home, name="home"),
    path("<uuid:award_uuid>/", wallet_views.detail, name="detail"),
    path("<uuid:award_uuid>/visibility/", wallet_views.visibility, name="visibility"),
    path("<uuid:award_uuid>/qr.svg", wallet_views.qr, name="qr"),
]
