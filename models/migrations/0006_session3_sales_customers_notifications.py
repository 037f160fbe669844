from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tandem', '0005_customers_and_sales')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AutomationRule',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('pipeline', fields.ForeignKeyField('tandem.Pipeline', source_field='pipeline_id', db_constraint=True, to_field='id', related_name='automation_rules', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('active', fields.BooleanField(default=True)),
                ('trigger', fields.CharField(max_length=20)),
                ('trigger_stage', fields.ForeignKeyField('tandem.Stage', source_field='trigger_stage_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('activity_kind', fields.CharField(null=True, max_length=10)),
                ('idle_days', fields.IntField(null=True)),
                ('conditions', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('actions', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('created_by', fields.ForeignKeyField('tandem.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'automation_rule', 'app': 'tandem', 'indexes': [Index(fields=['pipeline_id', 'trigger'])], 'pk_attr': 'id'},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='AutomationRun',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('rule', fields.ForeignKeyField('tandem.AutomationRule', source_field='rule_id', db_constraint=True, to_field='id', related_name='runs', on_delete=OnDelete.CASCADE)),
                ('deal', fields.ForeignKeyField('tandem.Deal', source_field='deal_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'automation_run', 'app': 'tandem', 'indexes': [Index(fields=['rule_id', 'deal_id', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ImportJob',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('object', fields.CharField(default='contact', max_length=30)),
                ('created_by', fields.ForeignKeyField('tandem.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('file_name', fields.CharField(default='', max_length=255)),
                ('file_format', fields.CharField(max_length=10)),
                ('mapping', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('dry_run', fields.BooleanField(default=False)),
                ('skip_invalid', fields.BooleanField(default=False)),
                ('state', fields.CharField(default='queued', db_index=True, max_length=20)),
                ('rows_read', fields.IntField(default=0)),
                ('rows_valid', fields.IntField(default=0)),
                ('rows_invalid', fields.IntField(default=0)),
                ('rows_written', fields.IntField(default=0)),
                ('message', fields.TextField(null=True, unique=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'import_job', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='ImportRowError',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job', fields.ForeignKeyField('tandem.ImportJob', source_field='job_id', db_constraint=True, to_field='id', related_name='errors', on_delete=OnDelete.CASCADE)),
                ('row', fields.IntField()),
                ('field', fields.CharField(null=True, max_length=100)),
                ('code', fields.CharField(max_length=30)),
                ('message', fields.TextField(unique=False)),
            ],
            options={'table': 'import_row_error', 'app': 'tandem', 'indexes': [Index(fields=['job_id', 'row'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('recipient', fields.ForeignKeyField('tandem.User', source_field='recipient_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=20)),
                ('subject_type', fields.CharField(null=True, max_length=20)),
                ('subject_id', fields.BigIntField(null=True)),
                ('actor', fields.ForeignKeyField('tandem.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('text', fields.CharField(max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification', 'app': 'tandem', 'indexes': [Index(fields=['recipient_id', 'created_at']), Index(fields=['recipient_id', 'read_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RateBucket',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=200)),
                ('window_start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('count', fields.IntField(default=0)),
            ],
            options={'table': 'rate_bucket', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ApiKey',
            name='kind',
            field=fields.CharField(default='api', db_default='api', max_length=10),
        ),
        ops.AddField(
            model_name='Deal',
            name='closed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Deal',
            name='tags',
            field=fields.TextField(default='[]', db_default='[]', unique=False),
        ),
        ops.AddField(
            model_name='Segment',
            name='behaviour',
            field=fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads),
        ),
        ops.AddField(
            model_name='Task',
            name='overdue_sent_for',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Task',
            name='reminder_sent_for',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddIndex(
            model_name='Task',
            index=Index(fields=['status', 'remind_at']),
        ),
        ops.AddIndex(
            model_name='Task',
            index=Index(fields=['status', 'due_at']),
        ),
    ]
