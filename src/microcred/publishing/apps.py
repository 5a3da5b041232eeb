from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "microcred.publishing"
    label = "publishing"
    verbose_name = "Public verification endpoints"
