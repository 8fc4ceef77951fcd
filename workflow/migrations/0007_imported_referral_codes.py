"""Imported referrals (referrals.csv) get a verification code, like filed ones, so the public
verification page resolves them; rows imported before this carry none until now."""
from django.db import migrations

from workflow.referral_codes import fresh_codes


def give_codes(apps, schema_editor):
    Referral = apps.get_model("workflow", "Referral")
    missing = list(Referral.objects.filter(code__isnull=True).values_list("pk", flat=True))
    if not missing:
        return

    def taken(codes):
        codes = sorted(codes)
        return {code for start in range(0, len(codes), 900)
                for code in Referral.objects.filter(code__in=codes[start:start + 900])
                .values_list("code", flat=True)}

    for number, code in zip(missing, fresh_codes(len(missing), taken)):
        Referral.objects.filter(pk=number).update(code=code)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0006_transfer_process_proxy")]
    operations = [migrations.RunPython(give_codes, migrations.RunPython.noop)]
