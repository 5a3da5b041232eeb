"""The site's URLs plus one view that fails, to see the friendly 500 page (``@pytest.mark.urls``)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from microcred.config.urls import handler403, handler404, handler500
from microcred.config.urls import urlpatterns as site_urlpatterns


def explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("explode/", explode), *site_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
