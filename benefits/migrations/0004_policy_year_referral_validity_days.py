"""The referral validity window becomes a policy-year value (was the REFERRAL_VALIDITY_DAYS
setting): every existing policy year gets DOMAIN.md's default, 30 days."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("benefits", "0003_assessment_without_db_constraint"),
    ]

    operations = [
        migrations.AddField(
            model_name="policyyear",
            name="referral_validity_days",
            field=models.PositiveSmallIntegerField(
                default=30,
                help_text="From the day of approval, that day included; used by the referrals "
                          "approved while this policy year is the latest in force.",
                verbose_name="referral valid for (days)"),
            preserve_default=False,
        ),
    ]
