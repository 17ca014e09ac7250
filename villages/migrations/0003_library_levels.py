"""Libraries on three levels: every existing library is a village library; its province,
regency and region code are derived from its village (official codes nest)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def derive_regions(apps, schema_editor):
    VillageLibrary = apps.get_model("villages", "VillageLibrary")
    rows = list(VillageLibrary.objects.only("pk", "village_id"))
    for library in rows:
        library.level = "village"
        library.province_id = library.village_id[:2]
        library.regency_id = library.village_id[:5]
        library.region_code = library.village_id
    VillageLibrary.objects.bulk_update(
        rows, ["level", "province", "regency", "region_code"], batch_size=2000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("villages", "0002_userscope_history"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="historicalvillagelibrary",
            options={
                "get_latest_by": ("history_date", "history_id"),
                "ordering": ("-history_date", "-history_id"),
                "verbose_name": "historical library",
                "verbose_name_plural": "historical libraries",
            },
        ),
        migrations.AlterModelOptions(
            name="villagelibrary",
            options={
                "ordering": ["region_code", "name"],
                "verbose_name": "library",
                "verbose_name_plural": "libraries",
            },
        ),
        migrations.AddField(
            model_name="historicalvillagelibrary",
            name="level",
            field=models.CharField(
                choices=[
                    ("province", "province library"),
                    ("regency", "regency/city library"),
                    ("village", "village/kelurahan library"),
                ],
                db_index=True,
                default="village",
                max_length=10,
                verbose_name="level",
            ),
        ),
        migrations.AddField(
            model_name="historicalvillagelibrary",
            name="npp",
            field=models.CharField(
                blank=True,
                help_text="Nomor Pokok Perpustakaan, the national library number, where known.",
                max_length=15,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{7}[A-Z]\\d{7}$",
                        "An NPP has 15 characters: 7 digits of the area code, a letter, 7 digits (6372052C0000001).",
                    )
                ],
                verbose_name="NPP",
            ),
        ),
        migrations.AddField(
            model_name="historicalvillagelibrary",
            name="province",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Set from the village or the regency; chosen only for a province library.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="villages.province",
                verbose_name="province",
            ),
        ),
        migrations.AddField(
            model_name="historicalvillagelibrary",
            name="regency",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a regency/city library: the regency it serves (set from the village).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="villages.regency",
                verbose_name="regency/city",
            ),
        ),
        migrations.AddField(
            model_name="historicalvillagelibrary",
            name="region_code",
            field=models.CharField(
                db_index=True,
                default="",
                editable=False,
                help_text="The official code of the region the library serves.",
                max_length=13,
                verbose_name="region code",
            ),
        ),
        migrations.AddField(
            model_name="villagelibrary",
            name="level",
            field=models.CharField(
                choices=[
                    ("province", "province library"),
                    ("regency", "regency/city library"),
                    ("village", "village/kelurahan library"),
                ],
                db_index=True,
                default="village",
                max_length=10,
                verbose_name="level",
            ),
        ),
        migrations.AddField(
            model_name="villagelibrary",
            name="npp",
            field=models.CharField(
                blank=True,
                help_text="Nomor Pokok Perpustakaan, the national library number, where known.",
                max_length=15,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{7}[A-Z]\\d{7}$",
                        "An NPP has 15 characters: 7 digits of the area code, a letter, 7 digits (6372052C0000001).",
                    )
                ],
                verbose_name="NPP",
            ),
        ),
        migrations.AddField(
            model_name="villagelibrary",
            name="province",
            field=models.ForeignKey(
                help_text="Set from the village or the regency; chosen only for a province library.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="region_libraries",
                to="villages.province",
                verbose_name="province",
            ),
        ),
        migrations.AddField(
            model_name="villagelibrary",
            name="regency",
            field=models.ForeignKey(
                blank=True,
                help_text="For a regency/city library: the regency it serves (set from the village).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="region_libraries",
                to="villages.regency",
                verbose_name="regency/city",
            ),
        ),
        migrations.AddField(
            model_name="villagelibrary",
            name="region_code",
            field=models.CharField(
                db_index=True,
                default="",
                editable=False,
                help_text="The official code of the region the library serves.",
                max_length=13,
                verbose_name="region code",
            ),
        ),
        migrations.AlterField(
            model_name="historicalvillagelibrary",
            name="village",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a village/kelurahan library: the village it serves.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="villages.village",
                verbose_name="village",
            ),
        ),
        migrations.AlterField(
            model_name="villagelibrary",
            name="village",
            field=models.ForeignKey(
                blank=True,
                help_text="For a village/kelurahan library: the village it serves.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="libraries",
                to="villages.village",
                verbose_name="village",
            ),
        ),
        migrations.RunPython(derive_regions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="villagelibrary",
            name="province",
            field=models.ForeignKey(
                blank=True,
                help_text="Set from the village or the regency; chosen only for a province library.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="region_libraries",
                to="villages.province",
                verbose_name="province",
            ),
        ),
        migrations.AddConstraint(
            model_name="villagelibrary",
            constraint=models.UniqueConstraint(
                condition=models.Q(("level", "regency")),
                fields=("regency",),
                name="villages_villagelibrary_one_per_regency",
                violation_error_message="This regency/city already has its library.",
            ),
        ),
        migrations.AddConstraint(
            model_name="villagelibrary",
            constraint=models.UniqueConstraint(
                condition=models.Q(("level", "province")),
                fields=("province",),
                name="villages_villagelibrary_one_per_province",
                violation_error_message="This province already has its library.",
            ),
        ),
        migrations.AddConstraint(
            model_name="villagelibrary",
            constraint=models.UniqueConstraint(
                condition=models.Q(("npp", ""), _negated=True),
                fields=("npp",),
                name="villages_villagelibrary_npp_unique",
                violation_error_message="Another library has this NPP.",
            ),
        ),
        migrations.AddConstraint(
            model_name="villagelibrary",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("level", "village"), ("regency__isnull", False), ("village__isnull", False)
                    ),
                    models.Q(
                        ("level", "regency"), ("regency__isnull", False), ("village__isnull", True)
                    ),
                    models.Q(
                        ("level", "province"), ("regency__isnull", True), ("village__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="villages_villagelibrary_region_matches_level",
                violation_error_message="A village library has its village; a regency/city library its regency (and no village); a province library only its province.",
            ),
        ),
    ]
