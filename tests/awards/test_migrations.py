"""Migration awards 0003: the signed credentials move from the award row to ``IssuedCredential`` and back,
none lost either way."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from microcred.awards.models import Award, IssuedCredential
from tests.awards.conftest import stack  # noqa: F401
from tests.records.conftest import earn

BEFORE = [("awards", "0002_initial")]


def migrate(target: list[tuple[str, str]] | None = None) -> None:
    """To ``target``, or (None) to the latest migrations, where every other test runs."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_issued_credentials_survive_the_move_both_ways(stack, django_capture_on_commit_callbacks):  # noqa: F811
    awards = earn(stack, "ROB 101", "ROB 201", "CS 302", capture=django_capture_on_commit_callbacks)
    assert len(awards) == 3, "robotics, machine learning and the AI stack above them"
    signed = {a.pk: (a.credential, a.issued_at) for a in awards}
    assert all(document is not None for document, _ in signed.values())
    table = connection.ops.quote_name(Award._meta.db_table)
    try:
        migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, credential FROM {table}")  # noqa: S608 - the model's own table
            columns = dict(cursor.fetchall())
        assert set(columns) == set(signed)
        for pk, (document, _) in signed.items():
            stored = columns[pk]
            assert (json.loads(stored) if isinstance(stored, str) else stored) == document
    finally:
        migrate()
    moved = {i.award_id: (i.document, i.issued_at) for i in IssuedCredential.objects.all()}
    assert moved == signed
