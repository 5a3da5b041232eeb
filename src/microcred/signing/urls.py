from django.urls import path

from microcred.signing import views

app_name = "issuers"
urlpatterns = [
    path("<slug:slug>/did.json", views.did_json, name="did"),
    path("<slug:slug>/keys/", views.keys, name="keys"),
]
