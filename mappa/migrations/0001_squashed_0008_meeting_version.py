"""MAPPA's schema in one migration: 0001_initial to 0008_meeting_version squashed, so a fresh database creates each
table once, with its indexes and constraints, all in one step (CreateModels, see caseworks/migration_ops.py).

A database that applied the old migrations has applied this one: `replaces` names them. The append-only trigger on
referral events, the co-ordinators' decisions and every history table of mappa (0005, 0007) is kept, PostgreSQL's
alone as before.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from caseworks.append_only import protect_tables
from caseworks.migration_ops import CreateModels

# Referral events, the co-ordinators' decisions and every history table of mappa: the application's role may insert
# them, never rewrite them.
PROTECT = protect_tables("mappa.ReferralEvent", "mappa.MappaDecision", history_of_app="mappa")


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('mappa', '0001_initial'),
        ('mappa', '0002_referral_workflow'),
        ('mappa', '0003_invariants'),
        ('mappa', '0004_one_submission_token'),
        ('mappa', '0005_append_only'),
        ('mappa', '0006_action_done_by'),
        ('mappa', '0007_coordinators'),
        ('mappa', '0008_meeting_version'),
    ]

    dependencies = [
        ('supervision', '0001_squashed_0022_oversight_case_reviews'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModels(
            [
                migrations.CreateModel(
                    name='Agency',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=150, unique=True)),
                        ('kind', models.CharField(choices=[('POLICE', 'Police'), ('CSC', "Children's social care"), ('ASC', 'Adult social care'), ('MARAC', 'MARAC'), ('MAPPA', 'MAPPA unit'), ('VLU', 'Victim liaison unit'), ('HEALTH', 'Health'), ('HOUSING', 'Housing'), ('OTHER', 'Other')], max_length=8)),
                        ('email', models.EmailField(blank=True, max_length=254)),
                        ('phone', models.CharField(blank=True, max_length=30)),
                        ('is_active', models.BooleanField(default=True)),
                    ],
                    options={
                        'verbose_name_plural': 'agencies',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Escalation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.CharField(choices=[('SPO', 'Line manager'), ('HOPP', 'Head of Public Protection')], max_length=4)),
                        ('status', models.CharField(choices=[('OPEN', 'Open'), ('INFO', 'More information requested'), ('CLOSED', 'Closed')], default='OPEN', max_length=6)),
                        ('due_on', models.DateField()),
                        ('resolution', models.CharField(blank=True, choices=[('ACCEPTED', 'Rejection accepted'), ('ESCALATED', 'Escalated to Head of Public Protection'), ('STEPPED_UP', 'Not acted on in time: escalated to Head of Public Protection'), ('UPHELD', 'Rejection upheld'), ('OVERTURNED', 'Rejection overturned'), ('DISPUTED', 'Rejection disputed: meeting held with the MAPPA co-ordinator')], max_length=10)),
                        ('rationale', models.TextField(blank=True)),
                        ('resolved_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('assigned_to', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='escalations', to=settings.AUTH_USER_MODEL)),
                        ('previous', models.OneToOneField(blank=True, help_text="The line manager's escalation this one came from.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='next', to='mappa.escalation')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('referral', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='escalations', to='mappa.referral')),
                    ],
                    options={
                        'ordering': ['due_on', 'pk'],
                        'constraints': [models.UniqueConstraint(fields=('referral', 'level'), name='one_escalation_per_referral_and_level'), models.CheckConstraint(condition=models.Q(models.Q(('resolved_at__isnull', False), ('status', 'CLOSED')), models.Q(models.Q(('status', 'CLOSED'), _negated=True), ('resolution', '')), _connector='OR'), name='escalation_closed_with_resolution_time'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'CLOSED'), models.Q(('resolution', ''), _negated=True)), models.Q(('rationale', ''), ('resolved_at__isnull', True), ('resolved_by__isnull', True), models.Q(('status', 'CLOSED'), _negated=True)), _connector='OR'), name='escalation_closed_says_how'), models.CheckConstraint(condition=models.Q(('resolution', ''), models.Q(('level', 'SPO'), ('resolution__in', ['ACCEPTED', 'ESCALATED', 'STEPPED_UP'])), models.Q(('level', 'HOPP'), ('resolution__in', ['UPHELD', 'OVERTURNED', 'DISPUTED'])), _connector='OR'), name='escalation_resolution_fits_its_level')],
                    },
                ),
                migrations.CreateModel(
                    name='DisputeMeeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('held_on', models.DateField()),
                        ('attendees', models.TextField(verbose_name='Who attended')),
                        ('considered', models.TextField(verbose_name='What was considered')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True)),
                        ('coordinator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='MAPPA co-ordinator')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('escalation', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='dispute_meeting', to='mappa.escalation')),
                        ('referral', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='dispute_meeting', to='mappa.referral')),
                    ],
                    options={
                        'ordering': ['held_on', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('attendees', ''), _negated=True), models.Q(('considered', ''), _negated=True)), name='dispute_meeting_says_who_and_what')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalAgency',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(db_index=True, max_length=150)),
                        ('kind', models.CharField(choices=[('POLICE', 'Police'), ('CSC', "Children's social care"), ('ASC', 'Adult social care'), ('MARAC', 'MARAC'), ('MAPPA', 'MAPPA unit'), ('VLU', 'Victim liaison unit'), ('HEALTH', 'Health'), ('HOUSING', 'Housing'), ('OTHER', 'Other')], max_length=8)),
                        ('email', models.EmailField(blank=True, max_length=254)),
                        ('phone', models.CharField(blank=True, max_length=30)),
                        ('is_active', models.BooleanField(default=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical agency',
                        'verbose_name_plural': 'historical agencies',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalMappaCoordinator',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('pdu', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='supervision.pdu', verbose_name='probation delivery unit')),
                        ('region', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='supervision.region')),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical MAPPA co-ordinator',
                        'verbose_name_plural': 'historical MAPPA co-ordinators',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalReferral',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('MAPPA2', 'MAPPA level 2'), ('MAPPA3', 'MAPPA level 3'), ('MARAC', 'MARAC'), ('CSC', "Children's social care"), ('ASG', 'Adult safeguarding'), ('POLINT', 'Police intelligence check'), ('POLDA', 'Police domestic abuse check'), ('DVDS', "Clare's Law / DVDS disclosure"), ('OTHER', 'Other agency')], max_length=6)),
                        ('status', models.CharField(choices=[('DRAFT', 'Draft'), ('AWAITING', 'Awaiting line manager endorsement'), ('SENT', 'Sent'), ('ACK', 'Acknowledged'), ('INFO', 'More information requested by the MAPPA co-ordinator'), ('ACCEPTED', 'Accepted'), ('REJECTED', 'Rejected'), ('REVIEW', "Disputed: awaiting the MAPPA co-ordinator's revised decision"), ('RESPONDED', 'Response received'), ('WITHDRAWN', 'Withdrawn')], default='DRAFT', max_length=9)),
                        ('reason', models.TextField()),
                        ('information_shared', models.TextField(blank=True)),
                        ('mappa_category', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='MAPPA category')),
                        ('level_justification', models.TextField(blank=True, help_text='For level 3: what level 2 cannot deliver.')),
                        ('sent_on', models.DateField(blank=True, null=True)),
                        ('response_due_on', models.DateField(blank=True, null=True)),
                        ('acknowledged_on', models.DateField(blank=True, null=True)),
                        ('decision', models.CharField(blank=True, choices=[('ACC2', 'Accepted at level 2'), ('ACC3', 'Accepted at level 3'), ('REJ1', 'Rejected – remain at level 1'), ('REJN', 'Rejected – not MAPPA-managed')], max_length=4)),
                        ('decision_reason', models.TextField(blank=True)),
                        ('decided_by_name', models.CharField(blank=True, help_text='Who at the agency decided.', max_length=150)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('endorsed_at', models.DateTimeField(blank=True, null=True)),
                        ('meeting_due_on', models.DateField(blank=True, help_text='When a rejection is overturned: the MAPPA meeting must be held by this date.', null=True)),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='mappa.agency')),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='supervision.case')),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('endorsed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical referral',
                        'verbose_name_plural': 'historical referrals',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='MappaMeeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('held_on', models.DateField()),
                        ('level', models.PositiveSmallIntegerField(choices=[(2, 'Level 2'), (3, 'Level 3')])),
                        ('chair', models.CharField(max_length=150)),
                        ('attendees', models.TextField(help_text='People present, one per line, with their role.')),
                        ('information_shared', models.TextField(blank=True)),
                        ('decisions', models.TextField(blank=True)),
                        ('enforcement_decision', models.CharField(blank=True, choices=[('', 'No enforcement decision'), ('WARNING', 'Warning'), ('FINAL', 'Final warning'), ('RECALL', 'Recall recommended'), ('BREACH', 'Breach proceedings')], help_text='Enforcement the meeting decided on.', max_length=7)),
                        ('next_review_on', models.DateField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('agencies', models.ManyToManyField(blank=True, related_name='meetings', to='mappa.agency')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mappa_meetings', to='supervision.case')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('referral', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='mappa.referral')),
                    ],
                    options={
                        'ordering': ['-held_on', '-pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('next_review_on__isnull', True), ('next_review_on__gte', models.F('held_on')), _connector='OR'), name='mappa_meeting_review_after_meeting'), models.CheckConstraint(condition=models.Q(('level__in', [2, 3])), name='mappa_meeting_level_2_or_3')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalMappaAction',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('description', models.TextField()),
                        ('owner_name', models.CharField(blank=True, max_length=150)),
                        ('due_on', models.DateField()),
                        ('done_on', models.DateField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('done_recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('owner_agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='mappa.agency')),
                        ('owner_user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='mappa.mappameeting')),
                    ],
                    options={
                        'verbose_name': 'historical mappa action',
                        'verbose_name_plural': 'historical mappa actions',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Referral',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('MAPPA2', 'MAPPA level 2'), ('MAPPA3', 'MAPPA level 3'), ('MARAC', 'MARAC'), ('CSC', "Children's social care"), ('ASG', 'Adult safeguarding'), ('POLINT', 'Police intelligence check'), ('POLDA', 'Police domestic abuse check'), ('DVDS', "Clare's Law / DVDS disclosure"), ('OTHER', 'Other agency')], max_length=6)),
                        ('status', models.CharField(choices=[('DRAFT', 'Draft'), ('AWAITING', 'Awaiting line manager endorsement'), ('SENT', 'Sent'), ('ACK', 'Acknowledged'), ('INFO', 'More information requested by the MAPPA co-ordinator'), ('ACCEPTED', 'Accepted'), ('REJECTED', 'Rejected'), ('REVIEW', "Disputed: awaiting the MAPPA co-ordinator's revised decision"), ('RESPONDED', 'Response received'), ('WITHDRAWN', 'Withdrawn')], default='DRAFT', max_length=9)),
                        ('reason', models.TextField()),
                        ('information_shared', models.TextField(blank=True)),
                        ('mappa_category', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='MAPPA category')),
                        ('level_justification', models.TextField(blank=True, help_text='For level 3: what level 2 cannot deliver.')),
                        ('sent_on', models.DateField(blank=True, null=True)),
                        ('response_due_on', models.DateField(blank=True, null=True)),
                        ('acknowledged_on', models.DateField(blank=True, null=True)),
                        ('decision', models.CharField(blank=True, choices=[('ACC2', 'Accepted at level 2'), ('ACC3', 'Accepted at level 3'), ('REJ1', 'Rejected – remain at level 1'), ('REJN', 'Rejected – not MAPPA-managed')], max_length=4)),
                        ('decision_reason', models.TextField(blank=True)),
                        ('decided_by_name', models.CharField(blank=True, help_text='Who at the agency decided.', max_length=150)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('endorsed_at', models.DateTimeField(blank=True, null=True)),
                        ('meeting_due_on', models.DateField(blank=True, help_text='When a rejection is overturned: the MAPPA meeting must be held by this date.', null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='mappa.agency')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='supervision.case')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('endorsed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-created_at', '-pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('response_due_on__isnull', True), ('sent_on__isnull', True), ('response_due_on__gte', models.F('sent_on')), _connector='OR'), name='referral_response_due_after_sent'), models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['MAPPA2', 'MAPPA3']), ('mappa_category__in', [1, 2, 3, 4]), ('mappa_category__isnull', False)), models.Q(models.Q(('kind__in', ['MAPPA2', 'MAPPA3']), _negated=True), ('mappa_category__isnull', True)), _connector='OR'), name='referral_mappa_category_only_on_mappa'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'MAPPA3'), _negated=True), models.Q(('level_justification', ''), _negated=True), _connector='OR'), name='referral_level_3_is_justified'), models.CheckConstraint(condition=models.Q(('decision', ''), ('decided_at__isnull', False), _connector='OR'), name='referral_decision_is_dated'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'ACCEPTED'), _negated=True), ('decision__in', ['ACC2', 'ACC3']), _connector='OR'), name='referral_accepted_has_an_acceptance'), models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['REJECTED', 'REVIEW']), _negated=True), ('decision__in', ['REJ1', 'REJN']), _connector='OR'), name='referral_rejected_has_a_rejection'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'RESPONDED'), _negated=True), ('decided_at__isnull', False), _connector='OR'), name='referral_response_is_dated'), models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['SENT', 'ACK', 'INFO', 'ACCEPTED', 'REJECTED', 'REVIEW', 'RESPONDED']), _negated=True), ('sent_on__isnull', False), _connector='OR'), name='referral_sent_has_a_date'), models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['ACK', 'INFO']), _negated=True), ('acknowledged_on__isnull', False), _connector='OR'), name='referral_acknowledged_has_a_date'), models.CheckConstraint(condition=models.Q(models.Q(('endorsed_at__isnull', True), ('endorsed_by__isnull', True)), models.Q(('endorsed_at__isnull', False), ('endorsed_by__isnull', False), models.Q(('endorsed_by', models.F('created_by')), _negated=True)), _connector='OR'), name='referral_endorsed_by_someone_else_with_when'), models.CheckConstraint(condition=models.Q(('meeting_due_on__isnull', True), ('status', 'ACCEPTED'), _connector='OR'), name='referral_meeting_due_only_when_accepted')],
                    },
                ),
                migrations.CreateModel(
                    name='MappaDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('stage', models.CharField(choices=[('FIRST', 'First decision'), ('REVISED', 'Revised decision after the dispute meeting')], max_length=7)),
                        ('decision', models.CharField(choices=[('ACC2', 'Accepted at level 2'), ('ACC3', 'Accepted at level 3'), ('REJ1', 'Rejected – remain at level 1'), ('REJN', 'Rejected – not MAPPA-managed')], max_length=4)),
                        ('reason', models.TextField()),
                        ('decided_at', models.DateTimeField()),
                        ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('dispute_meeting', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='revised_decisions', to='mappa.disputemeeting')),
                        ('referral', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='mappa_decisions', to='mappa.referral')),
                    ],
                    options={
                        'ordering': ['decided_at', 'pk'],
                        'constraints': [models.UniqueConstraint(fields=('referral', 'stage'), name='one_mappa_decision_per_stage'), models.CheckConstraint(condition=models.Q(models.Q(('dispute_meeting__isnull', True), ('stage', 'FIRST')), models.Q(('dispute_meeting__isnull', False), ('stage', 'REVISED')), _connector='OR'), name='mappa_decision_revised_after_a_meeting'), models.CheckConstraint(condition=models.Q(('decision__in', ['ACC2', 'ACC3', 'REJ1', 'REJN']), models.Q(('reason', ''), _negated=True)), name='mappa_decision_is_a_decision_with_reasons')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalMappaMeeting',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('held_on', models.DateField()),
                        ('level', models.PositiveSmallIntegerField(choices=[(2, 'Level 2'), (3, 'Level 3')])),
                        ('chair', models.CharField(max_length=150)),
                        ('attendees', models.TextField(help_text='People present, one per line, with their role.')),
                        ('information_shared', models.TextField(blank=True)),
                        ('decisions', models.TextField(blank=True)),
                        ('enforcement_decision', models.CharField(blank=True, choices=[('', 'No enforcement decision'), ('WARNING', 'Warning'), ('FINAL', 'Final warning'), ('RECALL', 'Recall recommended'), ('BREACH', 'Breach proceedings')], help_text='Enforcement the meeting decided on.', max_length=7)),
                        ('next_review_on', models.DateField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('version', models.PositiveIntegerField(default=1, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='supervision.case')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('referral', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='mappa.referral')),
                    ],
                    options={
                        'verbose_name': 'historical mappa meeting',
                        'verbose_name_plural': 'historical mappa meetings',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalEscalation',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('level', models.CharField(choices=[('SPO', 'Line manager'), ('HOPP', 'Head of Public Protection')], max_length=4)),
                        ('status', models.CharField(choices=[('OPEN', 'Open'), ('INFO', 'More information requested'), ('CLOSED', 'Closed')], default='OPEN', max_length=6)),
                        ('due_on', models.DateField()),
                        ('resolution', models.CharField(blank=True, choices=[('ACCEPTED', 'Rejection accepted'), ('ESCALATED', 'Escalated to Head of Public Protection'), ('STEPPED_UP', 'Not acted on in time: escalated to Head of Public Protection'), ('UPHELD', 'Rejection upheld'), ('OVERTURNED', 'Rejection overturned'), ('DISPUTED', 'Rejection disputed: meeting held with the MAPPA co-ordinator')], max_length=10)),
                        ('rationale', models.TextField(blank=True)),
                        ('resolved_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('assigned_to', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('previous', models.ForeignKey(blank=True, db_constraint=False, help_text="The line manager's escalation this one came from.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='mappa.escalation')),
                        ('resolved_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('referral', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='mappa.referral')),
                    ],
                    options={
                        'verbose_name': 'historical escalation',
                        'verbose_name_plural': 'historical escalations',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalDisputeMeeting',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('held_on', models.DateField()),
                        ('attendees', models.TextField(verbose_name='Who attended')),
                        ('considered', models.TextField(verbose_name='What was considered')),
                        ('recorded_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('coordinator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='MAPPA co-ordinator')),
                        ('escalation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='mappa.escalation')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('referral', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='mappa.referral')),
                    ],
                    options={
                        'verbose_name': 'historical dispute meeting',
                        'verbose_name_plural': 'historical dispute meetings',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='ReferralEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, choices=[('DRAFT', 'Draft'), ('AWAITING', 'Awaiting line manager endorsement'), ('SENT', 'Sent'), ('ACK', 'Acknowledged'), ('INFO', 'More information requested by the MAPPA co-ordinator'), ('ACCEPTED', 'Accepted'), ('REJECTED', 'Rejected'), ('REVIEW', "Disputed: awaiting the MAPPA co-ordinator's revised decision"), ('RESPONDED', 'Response received'), ('WITHDRAWN', 'Withdrawn')], max_length=9)),
                        ('to_status', models.CharField(choices=[('DRAFT', 'Draft'), ('AWAITING', 'Awaiting line manager endorsement'), ('SENT', 'Sent'), ('ACK', 'Acknowledged'), ('INFO', 'More information requested by the MAPPA co-ordinator'), ('ACCEPTED', 'Accepted'), ('REJECTED', 'Rejected'), ('REVIEW', "Disputed: awaiting the MAPPA co-ordinator's revised decision"), ('RESPONDED', 'Response received'), ('WITHDRAWN', 'Withdrawn')], max_length=9)),
                        ('action', models.CharField(choices=[('CREATED', 'Referral drafted'), ('SUBMITTED', 'Submitted for line manager endorsement'), ('ENDORSED', 'Endorsed by line manager'), ('RETURNED', 'Returned by line manager'), ('SENT', 'Sent'), ('ACK', 'Acknowledged'), ('RESPONDED', 'Response received'), ('ACCEPTED', 'Accepted'), ('REJECTED', 'Rejected'), ('WITHDRAWN', 'Withdrawn'), ('CHASED', 'Late response chased'), ('ESC_SPO', "Rejection sent to the line manager's escalation queue"), ('INFO_REQ', 'More information requested from the responsible officer'), ('INFO_GIVEN', 'More information provided'), ('REJ_ACC', 'Rejection accepted by line manager'), ('ESC_HOPP', 'Escalated to the Head of Public Protection'), ('STEP_UP', 'Not acted on by its due date: escalated to the Head of Public Protection'), ('UPHELD', 'Rejection upheld by the Head of Public Protection'), ('OVERTURN', 'Rejection overturned by the Head of Public Protection'), ('LEVEL', 'Case MAPPA level changed'), ('UNIT_ASKED', 'More information requested by the MAPPA co-ordinator'), ('UNIT_ANS', 'More information given to the MAPPA co-ordinator'), ('DISPUTED', 'Rejection disputed: the Head of Public Protection met the MAPPA co-ordinator'), ('REV_ACC', 'Revised decision: accepted'), ('REV_REJ', 'Revised decision: the rejection stands')], max_length=10)),
                        ('reason', models.TextField(blank=True)),
                        ('happened_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('referral', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='mappa.referral')),
                    ],
                    options={
                        'ordering': ['happened_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MappaCoordinator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('pdu', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='mappa_coordinators', to='supervision.pdu', verbose_name='probation delivery unit')),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='mappa_coordinators', to='supervision.region')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='mappa_coordinator', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'MAPPA co-ordinator',
                        'ordering': ['user__last_name', 'user__first_name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('pdu__isnull', False), ('region__isnull', True)), models.Q(('pdu__isnull', True), ('region__isnull', False)), _connector='OR'), name='mappa_coordinator_covers_a_pdu_or_a_region')],
                    },
                ),
                migrations.CreateModel(
                    name='MappaAction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('description', models.TextField()),
                        ('owner_name', models.CharField(blank=True, max_length=150)),
                        ('due_on', models.DateField()),
                        ('done_on', models.DateField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('done_recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('owner_agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='mappa.agency')),
                        ('owner_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='mappa_actions', to=settings.AUTH_USER_MODEL)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='actions', to='mappa.mappameeting')),
                    ],
                    options={
                        'ordering': ['due_on', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('owner_agency__isnull', False), ('owner_user__isnull', False), models.Q(('owner_name', ''), _negated=True), _connector='OR'), name='mappa_action_has_an_owner')],
                    },
                ),
            ]
        ),
        migrations.RunPython(PROTECT[0], PROTECT[1]),
    ]
