from django.db import migrations, models


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    from django.db.models import OuterRef, Subquery

    observation = apps.get_model("datasets", "Observation")
    cell = ("dataset_id", "producer_id", "indicator_id", "region_id", "period", "disagg")
    first_later = (
        observation.objects.filter(
            **{field: OuterRef(field) for field in cell},
            valid_from__gt=OuterRef("valid_from"),
            published_at__isnull=False,
        )
        .order_by("published_at")
        .values("published_at")[:1]
    )
    observation.objects.filter(published_at__isnull=False).update(published_until=Subquery(first_later))


class Migration(migrations.Migration):
    dependencies = [("datasets", "0005_observation_fk_without_db_constraint")]

    operations = [
        migrations.AddField(
            model_name="observation",
            name="published_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="terbit sampai"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
