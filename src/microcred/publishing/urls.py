"""Public, unauthenticated endpoints anyone (an employer, a verifier) uses to check an award.

Mounted at the root: /badges/<uuid>/ (the page), /credentials/<uuid> (the signed OB 3.0 JSON, its id),
/ob2/... (the OB 2.0 hosted assertion, badge class and issuer), /status/<uuid>/<purpose> (status lists).
"""

from django.urls import path

from microcred.publishing import views

app_name = "publishing"
urlpatterns = [
    path("badges/<uuid:award_uuid>/", views.award_page, name="award"),
    path("badges/<uuid:award_uuid>/badge.png", views.award_image, name="award-image"),
    path("badges/<uuid:award_uuid>/evidence/<uuid:completion_uuid>", views.evidence_file, name="evidence"),
    path("credentials/<uuid:award_uuid>", views.credential_json, name="credential"),
    path("ob2/assertions/<uuid:award_uuid>", views.ob2_assertion, name="ob2-assertion"),
    path("ob2/badges/<uuid:version_uuid>", views.ob2_badge_class, name="ob2-badge"),
    path("ob2/issuers/<slug:slug>", views.ob2_issuer, name="ob2-issuer"),
    path("status/<uuid:list_uuid>/<str:purpose>", views.status_list, name="status-list"),
]
