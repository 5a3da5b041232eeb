from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "microcred.signing"
    label = "signing"
    verbose_name = "Issuer keys"
