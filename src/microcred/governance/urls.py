"""URLs of the governance pages: drafting (``views``) and review (``review_views``) keep their own lists."""

from microcred.governance import review_views, views

app_name = "governance"
urlpatterns = views.urlpatterns + review_views.urlpatterns
