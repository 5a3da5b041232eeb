from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "microcred.institutions"
    label = "institutions"
    verbose_name = "Institutions, units, roles and policy"
