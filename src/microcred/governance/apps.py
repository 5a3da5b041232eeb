from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "microcred.governance"
    label = "governance"
    verbose_name = "Proposals, review and approval"
