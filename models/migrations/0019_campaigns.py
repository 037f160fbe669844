from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tandem', '0018_import_keys')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Campaign',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('name', fields.CharField(max_length=100)),
                ('channel', fields.CharField(max_length=8)),
                ('template_id', fields.BigIntField()),
                ('segment_id', fields.BigIntField(null=True)),
                ('contact_ids', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('state', fields.CharField(default='draft', max_length=12)),
                ('scheduled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('runs', fields.IntField(default=0)),
                ('created_by_id', fields.BigIntField(null=True)),
                ('queued', fields.IntField(default=0)),
                ('sent', fields.IntField(default=0)),
                ('failed', fields.IntField(default=0)),
                ('skipped', fields.IntField(default=0)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'campaign', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='CampaignDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('campaign_id', fields.BigIntField()),
                ('contact_id', fields.BigIntField()),
                ('channel', fields.CharField(max_length=8)),
                ('address', fields.CharField(null=True, max_length=254)),
                ('state', fields.CharField(default='queued', max_length=8)),
                ('reason', fields.CharField(null=True, max_length=255)),
                ('idempotency_key', fields.CharField(unique=True, max_length=80)),
                ('claimed_by', fields.CharField(null=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'campaign_delivery', 'app': 'tandem', 'unique_together': (('campaign_id', 'contact_id'),), 'indexes': [Index(fields=['campaign_id', 'state', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ConsentEvidence',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact_id', fields.BigIntField(db_index=True)),
                ('channel', fields.CharField(max_length=8)),
                ('consent', fields.BooleanField()),
                ('campaign_id', fields.BigIntField(null=True)),
                ('ip', fields.CharField(null=True, max_length=64)),
                ('user_agent', fields.CharField(null=True, max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'consent_evidence', 'app': 'tandem', 'pk_attr': 'id', 'table_description': "Why a contact's consent changed outside the API: an unsubscribe from a campaign link."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MessageTemplate',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('name', fields.CharField(max_length=100)),
                ('channel', fields.CharField(max_length=8)),
                ('variants', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_by_id', fields.BigIntField(null=True)),
            ],
            options={'table': 'message_template', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Record'],
        ),
    ]
