"""Decision 766 has one definition, the clock's ``late_for_766``, and the statistics count its
verdict stored on each dossier (``late_766``). Dossiers resolved before the clock stored it
(or stored by an older reading: false for a dossier without an outcome) get it here, by that
same function: one UPDATE per (outcome, supplement count) pair, not one per dossier."""

from django.db import migrations


def late_766_backfill(apps, schema_editor):
    # The pure clock module (no ORM, no models): its rule is what the services store.
    from procedures.calendar.clock import late_for_766

    Dossier = apps.get_model("procedures", "Dossier")
    resolved = Dossier.objects.filter(resolved_at__isnull=False)
    pairs = resolved.order_by().values_list("outcome", "supplement_count").distinct()
    for outcome, count in list(pairs):
        verdict = late_for_766(outcome, count)
        rows = resolved.filter(outcome=outcome, supplement_count=count)
        if outcome is None:
            rows = resolved.filter(outcome__isnull=True, supplement_count=count)
        if verdict is None:
            rows.exclude(late_766__isnull=True).update(late_766=None)
        else:
            rows.exclude(late_766=verdict).update(late_766=verdict)
            rows.filter(late_766__isnull=True).update(late_766=verdict)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0014_merge_all_branches")]

    operations = [migrations.RunPython(late_766_backfill, migrations.RunPython.noop)]
