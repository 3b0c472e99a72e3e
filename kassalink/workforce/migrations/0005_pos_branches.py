"""Branch → cost center pairings move from PosCostCenter (one branch per cost center, found
by name) to PosBranch (per branch, from the turnover groups). The old pairings are kept
until the next employees sync replaces them, so Niet importeren rules keep applying."""

import django.db.models.deletion
from django.db import migrations, models


def copy_pairings(apps, schema_editor):
    PosCostCenter = apps.get_model("workforce", "PosCostCenter")
    PosBranch = apps.get_model("workforce", "PosBranch")
    paired = PosCostCenter.objects.filter(branch_number__isnull=False).order_by("number")
    seen = set()
    for center in paired:
        key = (center.connection_id, center.branch_number)
        if key in seen:  # two on one branch: the lowest number, as the old lookup did
            continue
        seen.add(key)
        PosBranch.objects.create(
            organization_id=center.organization_id,
            connection_id=center.connection_id,
            number=center.branch_number,
            name=center.branch_name,
            cost_center=center.number,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_api_token"),
        ("connections", "0002_test_result_and_decline"),
        ("workforce", "0004_mapping"),
    ]

    operations = [
        migrations.CreateModel(
            name="PosBranch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.IntegerField(verbose_name="filiaal")),
                ("name", models.CharField(blank=True, max_length=200, verbose_name="filiaalnaam")),
                (
                    "cost_center",
                    models.CharField(blank=True, max_length=50, verbose_name="kostenplaats"),
                ),
                ("changed_at", models.DateTimeField(auto_now=True)),
                (
                    "connection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pos_branches",
                        to="connections.connection",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "MplusKASSA-filiaal",
                "verbose_name_plural": "MplusKASSA-filialen",
                "ordering": ["connection", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("connection", "number"), name="unique_pos_branch"
                    )
                ],
            },
        ),
        migrations.RunPython(copy_pairings, migrations.RunPython.noop),
        migrations.RemoveField(model_name="poscostcenter", name="branch_name"),
        migrations.RemoveField(model_name="poscostcenter", name="branch_number"),
    ]
