"""URLs of the public catalog, mounted at /catalog/."""

from microcred.catalog import public_views

app_name = "public"
urlpatterns = public_views.urlpatterns
