"""URL map: each app owns its own ``urls.py``; this file only mounts them."""

from django.urls import include, path

from microcred.api.api import api

handler403 = "microcred.web.views.forbidden"
handler404 = "microcred.web.views.not_found"
handler500 = "microcred.web.views.server_error"

urlpatterns = [
    path("accounts/", include("microcred.accounts.urls")),
    path("manage/", include("microcred.institutions.urls")),
    path("manage/", include("microcred.catalog.urls")),
    path("governance/", include("microcred.governance.urls")),
    path("catalog/", include("microcred.catalog.public_urls")),
    path("manage/", include("microcred.learners.staff_urls")),
    path("manage/", include("microcred.awards.staff_urls")),
    path("learn/", include("microcred.learners.urls")),
    path("wallet/", include("microcred.awards.wallet_urls")),
    path("wallet/", include("microcred.awards.download_urls")),
    path("records/", include("microcred.records.urls")),
    path("issuers/", include("microcred.signing.urls")),
    path("", include("microcred.publishing.urls")),
    path("api/v1/", api.urls),
    path("", include("microcred.web.urls")),
]
