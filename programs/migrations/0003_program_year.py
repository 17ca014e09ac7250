"""A program year: selection workflow and decrees, quotas, aid packages and deliveries,
funding and replication, private documents."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import core.documents
import programs.models


def give_old_withdrawals_a_reason(apps, schema_editor):
    # Withdrawals recorded before a reason was required keep their status, with a reason that
    # says so (the new constraint needs one).
    Beneficiary = apps.get_model("programs", "Beneficiary")
    Beneficiary.objects.filter(status="withdrawn", withdrawal_reason="").update(
        withdrawal_reason="(withdrawn before reasons were recorded)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_history"),
        ("villages", "0003_library_levels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="beneficiary",
            options={
                "ordering": ["-cycle__year", "library__region_code"],
                "verbose_name": "beneficiary",
                "verbose_name_plural": "beneficiaries",
            },
        ),
        migrations.AddField(
            model_name="beneficiary",
            name="funding_amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                max_digits=15,
                null=True,
                verbose_name="funding amount (Rp)",
            ),
        ),
        migrations.AddField(
            model_name="beneficiary",
            name="funding_source",
            field=models.CharField(
                choices=[
                    ("apbn", "APBN through Perpusnas"),
                    ("apbd_province", "provincial APBD"),
                    ("apbd_regency", "regency/city APBD"),
                    ("village_funds", "village funds"),
                    ("csr", "CSR"),
                    ("other", "other"),
                ],
                default="apbn",
                max_length=15,
                verbose_name="funding source",
            ),
        ),
        migrations.AddField(
            model_name="beneficiary",
            name="track",
            field=models.CharField(
                choices=[
                    ("central", "central stimulus (Perpusnas)"),
                    ("replication", "replication with local funds"),
                ],
                db_index=True,
                default="central",
                max_length=12,
                verbose_name="track",
            ),
        ),
        migrations.AddField(
            model_name="beneficiary",
            name="withdrawal_reason",
            field=models.TextField(blank=True, verbose_name="reason for withdrawal"),
        ),
        migrations.AddField(
            model_name="historicalbeneficiary",
            name="funding_amount",
            field=models.DecimalField(
                blank=True,
                decimal_places=0,
                max_digits=15,
                null=True,
                verbose_name="funding amount (Rp)",
            ),
        ),
        migrations.AddField(
            model_name="historicalbeneficiary",
            name="funding_source",
            field=models.CharField(
                choices=[
                    ("apbn", "APBN through Perpusnas"),
                    ("apbd_province", "provincial APBD"),
                    ("apbd_regency", "regency/city APBD"),
                    ("village_funds", "village funds"),
                    ("csr", "CSR"),
                    ("other", "other"),
                ],
                default="apbn",
                max_length=15,
                verbose_name="funding source",
            ),
        ),
        migrations.AddField(
            model_name="historicalbeneficiary",
            name="track",
            field=models.CharField(
                choices=[
                    ("central", "central stimulus (Perpusnas)"),
                    ("replication", "replication with local funds"),
                ],
                db_index=True,
                default="central",
                max_length=12,
                verbose_name="track",
            ),
        ),
        migrations.AddField(
            model_name="historicalbeneficiary",
            name="withdrawal_reason",
            field=models.TextField(blank=True, verbose_name="reason for withdrawal"),
        ),
        migrations.AlterField(
            model_name="beneficiary",
            name="library",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="beneficiaries",
                to="villages.villagelibrary",
                verbose_name="library",
            ),
        ),
        migrations.AlterField(
            model_name="beneficiary",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "proposed"),
                    ("verified", "verified"),
                    ("selected", "selected"),
                    ("active", "active"),
                    ("completed", "completed"),
                    ("withdrawn", "withdrawn"),
                ],
                default="proposed",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalbeneficiary",
            name="library",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="villages.villagelibrary",
                verbose_name="library",
            ),
        ),
        migrations.AlterField(
            model_name="historicalbeneficiary",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "proposed"),
                    ("verified", "verified"),
                    ("selected", "selected"),
                    ("active", "active"),
                    ("completed", "completed"),
                    ("withdrawn", "withdrawn"),
                ],
                default="proposed",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="programcycle",
            name="target_libraries",
            field=models.PositiveIntegerField(default=0, verbose_name="target libraries"),
        ),
        migrations.CreateModel(
            name="AidPackage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("modified", models.DateTimeField(auto_now=True, verbose_name="modified")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="packages",
                        to="programs.programcycle",
                        verbose_name="cycle",
                    ),
                ),
            ],
            options={
                "verbose_name": "aid package",
                "verbose_name_plural": "aid packages",
                "ordering": ["cycle", "name"],
            },
        ),
        migrations.AddField(
            model_name="beneficiary",
            name="package",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="beneficiaries",
                to="programs.aidpackage",
                verbose_name="aid package",
            ),
        ),
        migrations.AddField(
            model_name="historicalbeneficiary",
            name="package",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="programs.aidpackage",
                verbose_name="aid package",
            ),
        ),
        migrations.CreateModel(
            name="AidPackageItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("server", "server"),
                            ("computer", "computer"),
                            ("printer", "printer"),
                            ("smart_tv", "smart TV"),
                            ("modem", "modem"),
                            ("books", "books"),
                            ("shelves", "shelves"),
                            ("internet_data", "internet data package"),
                            ("other", "other"),
                        ],
                        max_length=15,
                        verbose_name="item",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=200, verbose_name="description"),
                ),
                ("quantity", models.PositiveIntegerField(verbose_name="quantity")),
                (
                    "package",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="programs.aidpackage",
                        verbose_name="package",
                    ),
                ),
            ],
            options={
                "verbose_name": "package item",
                "verbose_name_plural": "package items",
                "ordering": ["package", "kind"],
            },
        ),
        migrations.CreateModel(
            name="BeneficiaryDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("modified", models.DateTimeField(auto_now=True, verbose_name="modified")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("commitment", "village head's commitment letter"),
                            ("board_sk", "decree naming the library's board"),
                            ("other", "other document"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(blank=True, max_length=200, verbose_name="title")),
                (
                    "file",
                    models.FileField(
                        max_length=200,
                        storage=core.documents.documents_storage,
                        upload_to=programs.models._beneficiary_document_upload_to,
                        validators=[core.documents.validate_document],
                        verbose_name="file",
                    ),
                ),
                (
                    "beneficiary",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="documents",
                        to="programs.beneficiary",
                        verbose_name="beneficiary",
                    ),
                ),
            ],
            options={
                "verbose_name": "beneficiary document",
                "verbose_name_plural": "beneficiary documents",
                "ordering": ["beneficiary", "kind", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("modified", models.DateTimeField(auto_now=True, verbose_name="modified")),
                ("bast_number", models.CharField(max_length=100, verbose_name="BAST number")),
                ("delivered_on", models.DateField(verbose_name="handover date")),
                (
                    "bast_file",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        storage=core.documents.documents_storage,
                        upload_to=programs.models._bast_upload_to,
                        validators=[core.documents.validate_document],
                        verbose_name="signed BAST",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "is_sample",
                    models.BooleanField(
                        default=False,
                        help_text="Invented for the demo, not from a source.",
                        verbose_name="sample data",
                    ),
                ),
                (
                    "beneficiary",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deliveries",
                        to="programs.beneficiary",
                        verbose_name="beneficiary",
                    ),
                ),
            ],
            options={
                "verbose_name": "delivery",
                "verbose_name_plural": "deliveries",
                "ordering": ["-delivered_on", "bast_number"],
            },
        ),
        migrations.CreateModel(
            name="DeliveryItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("server", "server"),
                            ("computer", "computer"),
                            ("printer", "printer"),
                            ("smart_tv", "smart TV"),
                            ("modem", "modem"),
                            ("books", "books"),
                            ("shelves", "shelves"),
                            ("internet_data", "internet data package"),
                            ("other", "other"),
                        ],
                        max_length=15,
                        verbose_name="item",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=200, verbose_name="description"),
                ),
                (
                    "quantity",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="quantity arrived"
                    ),
                ),
                (
                    "condition",
                    models.CharField(
                        choices=[
                            ("good", "good"),
                            ("damaged", "damaged"),
                            ("incomplete", "incomplete"),
                        ],
                        default="good",
                        max_length=10,
                        verbose_name="condition",
                    ),
                ),
                (
                    "delivery",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="programs.delivery",
                        verbose_name="delivery",
                    ),
                ),
            ],
            options={
                "verbose_name": "delivered item",
                "verbose_name_plural": "delivered items",
                "ordering": ["delivery", "kind"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalBeneficiaryDocument",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "modified",
                    models.DateTimeField(blank=True, editable=False, verbose_name="modified"),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("commitment", "village head's commitment letter"),
                            ("board_sk", "decree naming the library's board"),
                            ("other", "other document"),
                        ],
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(blank=True, max_length=200, verbose_name="title")),
                (
                    "file",
                    models.TextField(
                        max_length=200,
                        validators=[core.documents.validate_document],
                        verbose_name="file",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "beneficiary",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="programs.beneficiary",
                        verbose_name="beneficiary",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical beneficiary document",
                "verbose_name_plural": "historical beneficiary documents",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDelivery",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "modified",
                    models.DateTimeField(blank=True, editable=False, verbose_name="modified"),
                ),
                ("bast_number", models.CharField(max_length=100, verbose_name="BAST number")),
                ("delivered_on", models.DateField(verbose_name="handover date")),
                (
                    "bast_file",
                    models.TextField(
                        blank=True,
                        max_length=200,
                        validators=[core.documents.validate_document],
                        verbose_name="signed BAST",
                    ),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                (
                    "is_sample",
                    models.BooleanField(
                        default=False,
                        help_text="Invented for the demo, not from a source.",
                        verbose_name="sample data",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "beneficiary",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="programs.beneficiary",
                        verbose_name="beneficiary",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical delivery",
                "verbose_name_plural": "historical deliveries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSelectionDecree",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created",
                    models.DateTimeField(blank=True, editable=False, verbose_name="created"),
                ),
                (
                    "modified",
                    models.DateTimeField(blank=True, editable=False, verbose_name="modified"),
                ),
                (
                    "number",
                    models.CharField(db_index=True, max_length=100, verbose_name="decree number"),
                ),
                ("date", models.DateField(verbose_name="decree date")),
                ("title", models.CharField(blank=True, max_length=300, verbose_name="title")),
                (
                    "file",
                    models.TextField(
                        blank=True,
                        max_length=200,
                        validators=[core.documents.validate_document],
                        verbose_name="decree file",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="programs.programcycle",
                        verbose_name="cycle",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical selection decree",
                "verbose_name_plural": "historical selection decrees",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ProvinceQuota",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("target_libraries", models.PositiveIntegerField(verbose_name="target libraries")),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quotas",
                        to="programs.programcycle",
                        verbose_name="cycle",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="villages.province",
                        verbose_name="province",
                    ),
                ),
            ],
            options={
                "verbose_name": "province quota",
                "verbose_name_plural": "province quotas",
                "ordering": ["cycle", "province"],
            },
        ),
        migrations.CreateModel(
            name="SelectionDecree",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("modified", models.DateTimeField(auto_now=True, verbose_name="modified")),
                (
                    "number",
                    models.CharField(max_length=100, unique=True, verbose_name="decree number"),
                ),
                ("date", models.DateField(verbose_name="decree date")),
                ("title", models.CharField(blank=True, max_length=300, verbose_name="title")),
                (
                    "file",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        storage=core.documents.documents_storage,
                        upload_to=programs.models._decree_upload_to,
                        validators=[core.documents.validate_document],
                        verbose_name="decree file",
                    ),
                ),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decrees",
                        to="programs.programcycle",
                        verbose_name="cycle",
                    ),
                ),
            ],
            options={
                "verbose_name": "selection decree",
                "verbose_name_plural": "selection decrees",
                "ordering": ["-date", "number"],
            },
        ),
        migrations.AddField(
            model_name="beneficiary",
            name="decree",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="beneficiaries",
                to="programs.selectiondecree",
                verbose_name="selection decree",
            ),
        ),
        migrations.AddField(
            model_name="historicalbeneficiary",
            name="decree",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="programs.selectiondecree",
                verbose_name="selection decree",
            ),
        ),
        migrations.RunPython(give_old_withdrawals_a_reason, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="beneficiary",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "withdrawn"), _negated=True),
                    models.Q(("withdrawal_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="programs_beneficiary_withdrawal_has_reason",
                violation_error_message="A withdrawal needs its reason.",
            ),
        ),
        migrations.AddConstraint(
            model_name="beneficiary",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("funding_amount__isnull", True), ("funding_amount__gte", 0), _connector="OR"
                ),
                name="programs_beneficiary_funding_amount_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="aidpackage",
            constraint=models.UniqueConstraint(
                fields=("cycle", "name"), name="programs_aidpackage_name_unique_per_cycle"
            ),
        ),
        migrations.AddConstraint(
            model_name="aidpackageitem",
            constraint=models.UniqueConstraint(
                fields=("package", "kind"), name="programs_aidpackageitem_one_line_per_kind"
            ),
        ),
        migrations.AddConstraint(
            model_name="aidpackageitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("quantity__gte", 1)),
                name="programs_aidpackageitem_quantity_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                fields=("beneficiary", "bast_number"),
                name="programs_delivery_bast_unique_per_beneficiary",
            ),
        ),
        migrations.AddConstraint(
            model_name="provincequota",
            constraint=models.UniqueConstraint(
                fields=("cycle", "province"), name="programs_provincequota_one_per_province"
            ),
        ),
    ]
