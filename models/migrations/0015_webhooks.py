from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tandem', '0014_invoice_notices_and_payment_scope')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WebhookCursor',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('last_seq', fields.BigIntField(default=0)),
            ],
            options={'table': 'webhook_cursor', 'app': 'tandem', 'pk_attr': 'id', 'table_description': 'One row: the last outbox seq whose events were turned into deliveries.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('owner', fields.ForeignKeyField('tandem.User', source_field='owner_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('url', fields.CharField(max_length=2000)),
                ('description', fields.CharField(default='', max_length=200)),
                ('objects', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('events', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('enabled', fields.BooleanField(default=True)),
                ('secret', fields.CharField(max_length=100)),
                ('previous_secret', fields.CharField(null=True, max_length=100)),
                ('previous_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('failures', fields.IntField(default=0)),
                ('disabled_reason', fields.CharField(null=True, max_length=200)),
                ('after_event', fields.BigIntField(default=0)),
            ],
            options={'table': 'webhook_endpoint', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('endpoint', fields.ForeignKeyField('tandem.WebhookEndpoint', source_field='endpoint_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('event_id', fields.BigIntField()),
                ('event_seq', fields.BigIntField()),
                ('object', fields.CharField(max_length=50)),
                ('record_id', fields.BigIntField()),
                ('kind', fields.CharField(max_length=10)),
                ('payload', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('status', fields.CharField(default='pending', max_length=12)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('claimed_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('response_code', fields.IntField(null=True)),
                ('duration_ms', fields.IntField(null=True)),
                ('error', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'tandem', 'unique_together': (('endpoint_id', 'event_id'),), 'indexes': [Index(fields=['endpoint_id', 'object', 'record_id', 'event_seq'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
