from django.db import migrations

from caseworks.append_only import protect_tables

# Referral events and every history table of mappa: the application's role may insert, never rewrite.
PROTECT = protect_tables("mappa.ReferralEvent", history_of_app="mappa")


class Migration(migrations.Migration):
    dependencies = [
        ("mappa", "0004_one_submission_token"),
    ]

    operations = [
        migrations.RunPython(PROTECT[0], PROTECT[1]),
    ]
