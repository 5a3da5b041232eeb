"""Migrations of the signed credentials, none lost either way: awards 0003 moves them from the award row to
``IssuedCredential``, 0005 stores them as the signed JSON text."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from microcred.awards.models import Award, IssuedCredential
from microcred.openbadges.verify import verify_credential
from tests.awards.conftest import stack  # noqa: F401
from tests.records.conftest import earn, fetch_from_test_client, resolver

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


@pytest.mark.django_db(transaction=True)
def test_issued_credentials_survive_the_move_to_text_both_ways(stack, django_capture_on_commit_callbacks):  # noqa: F811
    """Migration awards 0005: the JSON column becomes the signed text and back, no credential changed
    (PostgreSQL's ``jsonb`` renders the same data with its keys reordered: the proofs still verify)."""
    awards = earn(stack, "ROB 101", "ROB 201", capture=django_capture_on_commit_callbacks)
    signed = {a.pk: a.credential for a in awards}
    table = connection.ops.quote_name(IssuedCredential._meta.db_table)
    try:
        migrate([("awards", "0004_issued_credentials_lz4")])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT award_id, document FROM {table}")  # noqa: S608 - the model's own table
            columns = {pk: (json.loads(v) if isinstance(v, str) else v) for pk, v in cursor.fetchall()}
        assert columns == signed
    finally:
        migrate()
    after = {i.award_id: i for i in IssuedCredential.objects.all()}
    assert {pk: json.loads(i.text) for pk, i in after.items()} == signed
    assert {pk: i.document for pk, i in after.items()} == signed
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attcompression FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'text'",
                [IssuedCredential._meta.db_table],
            )
            (compression,) = cursor.fetchone()
        assert compression in ("l", "")  # lz4, or the default where the server was built without it
    for issued in after.values():  # as migrated: on PostgreSQL, jsonb's rendering
        report = verify_credential(
            issued.text.encode(), resolver=resolver(), status_fetcher=fetch_from_test_client
        )
        assert report.valid, [c for c in report.to_dict()["checks"] if c["status"] != "passed"]
