from django.urls import path

from microcred.catalog import course_views, views

app_name = "catalog"
urlpatterns = [
    path("<slug:slug>/frameworks/", views.frameworks, name="frameworks"),
    path("<slug:slug>/frameworks/<int:framework_id>/", views.framework, name="framework"),
    path(
        "<slug:slug>/frameworks/<int:framework_id>/import/", views.competency_import, name="competency-import"
    ),
    path(
        "<slug:slug>/frameworks/<int:framework_id>/competencies/<int:competency_id>/delete/",
        views.competency_delete,
        name="competency-delete",
    ),
    path("<slug:slug>/courses/", course_views.courses, name="courses"),
    path("<slug:slug>/courses/new/", course_views.course_add, name="course-add"),
    path("<slug:slug>/courses/import/", course_views.course_import, name="course-import"),
    path("<slug:slug>/courses/template.csv", course_views.course_template, name="course-template"),
    path("<slug:slug>/courses/<int:course_id>/", course_views.course_edit, name="course-edit"),
    path("<slug:slug>/courses/<int:course_id>/active/", course_views.course_active, name="course-active"),
]
