from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "microcred.records"
    label = "records"
    verbose_name = "Learner records (CLR 2.0)"
