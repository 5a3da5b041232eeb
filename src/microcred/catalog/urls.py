from django.urls import path

from microcred.catalog import views

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
]
