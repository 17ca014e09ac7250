import datetime

from django.db import migrations, models


def fill_due_on(apps, schema_editor):
    MonthlyReport = apps.get_model("monitoring", "MonthlyReport")
    for report in MonthlyReport.objects.all():
        month = report.month
        year, number = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
        report.due_on = datetime.date(year, number, 10)
        report.save(update_fields=["due_on"])


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0001_monthly_reports"),
    ]

    operations = [
        migrations.AddField(
            model_name="monthlyreport",
            name="due_on",
            field=models.DateField(
                default=datetime.date(2000, 1, 10), editable=False, verbose_name="due on"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalmonthlyreport",
            name="due_on",
            field=models.DateField(
                default=datetime.date(2000, 1, 10), editable=False, verbose_name="due on"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_due_on, migrations.RunPython.noop),
    ]
