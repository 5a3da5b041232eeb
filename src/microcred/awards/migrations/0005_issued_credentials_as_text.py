"""Signed credentials are stored as the JSON text that was signed (``IssuedCredential.text``), not as a JSON
column: PostgreSQL's ``jsonb`` reordered their keys and parsed every credential on insert.

Credentials already issued keep their content (on PostgreSQL their text is ``jsonb``'s rendering of it: the
same JSON data, so their proofs still verify). PostgreSQL: the new column is compressed with lz4 as the old
one was (migration 0004), where the server supports it. Reversible."""

from django.db import migrations, models

from microcred.core.pgcolumns import compress_with_lz4

TABLE = "awards_issuedcredential"


def use_lz4(apps, schema_editor):  # type: ignore[no-untyped-def]
    compress_with_lz4(schema_editor, TABLE, "text")


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_issued_credentials_lz4"),
    ]

    operations = [
        migrations.AlterField(
            model_name="issuedcredential",
            name="document",
            field=models.TextField(help_text="The signed credential's JSON, exactly as signed and served."),
        ),
        migrations.RenameField(model_name="issuedcredential", old_name="document", new_name="text"),
        migrations.RunPython(use_lz4, migrations.RunPython.noop, elidable=True),
    ]
