"""Staff pages about learners, mounted under /manage/: /manage/<institution slug>/learners/..."""

from django.urls import path

from microcred.learners import import_views, staff_views

app_name = "learners-staff"
urlpatterns = [
    path("<slug:slug>/learners/", staff_views.learner_list, name="list"),
    path("<slug:slug>/learners/<uuid:learner_uuid>/", staff_views.learner_detail, name="detail"),
    path("<slug:slug>/learners/<uuid:learner_uuid>/edit/", staff_views.learner_edit, name="edit"),
    path("<slug:slug>/learners/<uuid:learner_uuid>/enroll/", staff_views.learner_enroll, name="enroll"),
    path(
        "<slug:slug>/learners/<uuid:learner_uuid>/completions/",
        staff_views.completion_record,
        name="record-completion",
    ),
    path(
        "<slug:slug>/learners/<uuid:learner_uuid>/completions/<uuid:completion_uuid>/delete/",
        staff_views.completion_delete,
        name="delete-completion",
    ),
    path("<slug:slug>/learners/<uuid:learner_uuid>/award/", staff_views.learner_award, name="award"),
    # CSV imports (learners/import_views.py)
    path(
        "<slug:slug>/learners/import-completions/", import_views.import_completions, name="import-completions"
    ),
    path(
        "<slug:slug>/learners/import-enrollments/", import_views.import_enrollments, name="import-enrollments"
    ),
    path(
        "<slug:slug>/learners/completions-template.csv",
        import_views.completions_template,
        name="completions-template",
    ),
    path(
        "<slug:slug>/learners/enrollments-template.csv",
        import_views.enrollments_template,
        name="enrollments-template",
    ),
]
