"""Staff pages about awards, mounted under /manage/: /manage/<institution slug>/awards/..."""

from django.urls import path

from microcred.awards import staff_views

app_name = "awards-staff"
urlpatterns = [
    path("<slug:slug>/awards/", staff_views.award_list, name="list"),
    path("<slug:slug>/awards/<uuid:award_uuid>/", staff_views.award_detail, name="detail"),
    path("<slug:slug>/awards/<uuid:award_uuid>/revoke/", staff_views.award_revoke, name="revoke"),
    path("<slug:slug>/awards/<uuid:award_uuid>/suspend/", staff_views.award_suspend, name="suspend"),
    path("<slug:slug>/awards/<uuid:award_uuid>/reinstate/", staff_views.award_reinstate, name="reinstate"),
    path("<slug:slug>/awards/<uuid:award_uuid>/renew/", staff_views.award_renew, name="renew"),
]
