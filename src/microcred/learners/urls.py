"""The learner's own pages, mounted at /learn/: enrollment, my micro-credentials, progress, withdrawal."""

from django.urls import path

from microcred.learners import views

app_name = "learners"
urlpatterns = [
    path("", views.home, name="home"),
    path("enroll/<uuid:version_uuid>/", views.enroll, name="enroll"),
    path("<uuid:enrollment_uuid>/", views.progress, name="progress"),
    path("<uuid:enrollment_uuid>/withdraw/", views.withdraw, name="withdraw"),
    path("records/<uuid:learner_uuid>/did/", views.set_did, name="did"),
]
