from django.urls import path

from microcred.governance import views

app_name = "governance"
urlpatterns: list = []
