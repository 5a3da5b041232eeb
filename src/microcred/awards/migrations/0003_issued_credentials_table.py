"""Signed credentials move from a column of the award to a table of their own (``IssuedCredential``),
carrying over every credential already issued (and back, when reversed)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

BATCH = 1000


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    Award = apps.get_model("awards", "Award")
    IssuedCredential = apps.get_model("awards", "IssuedCredential")
    issued = Award.objects.filter(credential__isnull=False).order_by("pk")
    batch = []
    for pk, credential, issued_at, awarded_at in issued.values_list(
        "pk", "credential", "issued_at", "awarded_at"
    ).iterator(chunk_size=BATCH):
        batch.append(IssuedCredential(award_id=pk, document=credential, issued_at=issued_at or awarded_at))
        if len(batch) >= BATCH:
            IssuedCredential.objects.bulk_create(batch)
            batch = []
    IssuedCredential.objects.bulk_create(batch)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    Award = apps.get_model("awards", "Award")
    IssuedCredential = apps.get_model("awards", "IssuedCredential")
    for issued in IssuedCredential.objects.order_by("pk").iterator(chunk_size=BATCH):
        Award.objects.filter(pk=issued.award_id).update(credential=issued.document, issued_at=issued.issued_at)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="IssuedCredential",
            fields=[
                (
                    "award",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="issued",
                        serialize=False,
                        to="awards.award",
                    ),
                ),
                ("document", models.JSONField()),
                ("issued_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(
            model_name="award",
            name="credential",
        ),
        migrations.RemoveField(
            model_name="award",
            name="issued_at",
        ),
    ]
