from django.db import migrations, models

from caseworks.append_only import protect_tables

# An enforcement decision is never edited or deleted: one later thought wrong is answered by another decision, so
# the application's role may insert decisions but never rewrite them (its evidence links are inserted with it).
PROTECT = protect_tables("supervision.EnforcementDecision")


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0018_programmes"),
    ]

    operations = [
        # A recall recommendation nobody can be told about is recorded as unrouted work, like a MAPPA referral's.
        migrations.AlterField(
            model_name="unrouteditem",
            name="kind",
            field=models.CharField(
                choices=[
                    ("endorsement", "MAPPA referral waiting for endorsement"),
                    ("rejected-referral", "Rejected MAPPA referral to escalate"),
                    ("step-up", "Overdue MAPPA escalation to step up"),
                    ("overdue-alert", "Overdue contact alert for a line manager"),
                    ("coordinator", "MAPPA referral for the MAPPA co-ordinator"),
                    ("recall-endorsement", "Recall recommendation waiting for endorsement"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(PROTECT[0], PROTECT[1]),
    ]
