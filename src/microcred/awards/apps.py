from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "microcred.awards"
    label = "awards"
    verbose_name = "Awards, issued credentials and their status"
