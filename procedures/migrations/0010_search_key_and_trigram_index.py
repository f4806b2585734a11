"""Search keys as words of letters and digits (word boundaries are spaces on every database), and
on PostgreSQL a trigram index (pg_trgm) serving the search's LIKE '%word%' filters."""

import re
import unicodedata

from django.db import migrations

BATCH = 2000


def _search_key(text: str) -> str:
    # A copy of procedures.search.search_key as of this migration: migrations keep their logic.
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    folded = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def search_keys(apps, schema_editor):
    ProcedureVersion = apps.get_model("procedures", "ProcedureVersion")
    batch = []
    for version in ProcedureVersion.objects.only("id", "name").iterator(chunk_size=BATCH):
        version.search_text = _search_key(version.name)
        batch.append(version)
        if len(batch) == BATCH:
            ProcedureVersion.objects.bulk_update(batch, ["search_text"])
            batch = []
    ProcedureVersion.objects.bulk_update(batch, ["search_text"])


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS procver_search_trgm ON procedures_procedureversion "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS procver_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0009_processing_time_per_channel_and_levels"),
    ]

    operations = [
        migrations.RunPython(search_keys, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
