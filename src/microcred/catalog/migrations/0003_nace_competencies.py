"""Load the eight NACE career-readiness competencies as a framework shared by every institution."""

from django.db import migrations

from microcred.catalog import nace


def load_nace(apps, schema_editor):
    Framework = apps.get_model("catalog", "CompetencyFramework")
    Competency = apps.get_model("catalog", "Competency")
    framework, _ = Framework.objects.get_or_create(
        institution=None, name=nace.FRAMEWORK["name"], defaults={k: v for k, v in nace.FRAMEWORK.items() if k != "name"}
    )
    for code, name, description in nace.COMPETENCIES:
        Competency.objects.get_or_create(
            framework=framework, code=code, defaults={"name": name, "description": description}
        )


def unload_nace(apps, schema_editor):
    Framework = apps.get_model("catalog", "CompetencyFramework")
    Framework.objects.filter(institution=None, name=nace.FRAMEWORK["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]

    operations = [migrations.RunPython(load_nace, unload_nace)]
