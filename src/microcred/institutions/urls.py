from django.urls import path

from microcred.institutions import views

app_name = "institutions"
urlpatterns = [
    path("", views.institution_list, name="list"),
    path("new/", views.institution_create, name="create"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/edit/", views.institution_edit, name="edit"),
    path("<slug:slug>/units/", views.units, name="units"),
    path("<slug:slug>/units/<int:unit_id>/edit/", views.unit_edit, name="unit-edit"),
    path("<slug:slug>/units/<int:unit_id>/delete/", views.unit_delete, name="unit-delete"),
    path("<slug:slug>/units/<int:unit_id>/authorize/", views.unit_authorize, name="unit-authorize"),
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/people/<int:membership_id>/revoke/", views.membership_revoke, name="membership-revoke"),
    path("<slug:slug>/review-bodies/", views.review_bodies, name="review-bodies"),
    path("<slug:slug>/review-bodies/<int:body_id>/", views.review_body_edit, name="review-body-edit"),
    path("<slug:slug>/policy/", views.policy, name="policy"),
    path("<slug:slug>/policy/edit/", views.policy_edit, name="policy-edit"),
    path("<slug:slug>/policy/check/", views.policy_check, name="policy-check"),
    path("<slug:slug>/policy/history/", views.policy_history, name="policy-history"),
]
