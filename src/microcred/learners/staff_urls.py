from django.urls import URLPattern, path  # noqa: F401

app_name = "learners-staff"
urlpatterns: list[URLPattern] = []
