from django.urls import URLPattern, path  # noqa: F401

app_name = "awards-staff"
urlpatterns: list[URLPattern] = []
