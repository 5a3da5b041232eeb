from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "microcred.learners"
    label = "learners"
    verbose_name = "Learners, enrollments and completions"
