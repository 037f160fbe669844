from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('tandem', '0004_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CustomField',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('object', fields.CharField(max_length=20)),
                ('key', fields.CharField(max_length=40)),
                ('label', fields.CharField(max_length=100)),
                ('type', fields.CharField(max_length=20)),
                ('options', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('sensitive', fields.BooleanField(default=False)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'custom_field', 'app': 'tandem', 'unique_together': (('object', 'key'),), 'pk_attr': 'id'},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='Lead',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('owner', fields.ForeignKeyField('tandem.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('department', fields.ForeignKeyField('tandem.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('deleted_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('name', fields.CharField(max_length=200)),
                ('company_name', fields.CharField(null=True, max_length=255)),
                ('email', fields.CharField(null=True, db_index=True, max_length=254)),
                ('phone', fields.CharField(null=True, max_length=32)),
                ('comment', fields.TextField(null=True, unique=False)),
                ('source', fields.CharField(null=True, max_length=50)),
                ('status', fields.CharField(default='new', db_index=True, max_length=20)),
                ('contact_id', fields.BigIntField(null=True)),
                ('converted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'lead', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['OwnedRecord'],
        ),
        ops.CreateModel(
            name='Segment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('name', fields.CharField(max_length=100)),
                ('conditions', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_by_id', fields.BigIntField(null=True)),
            ],
            options={'table': 'segment', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Record'],
        ),
        ops.AddField(
            model_name='Company',
            name='custom',
            field=fields.TextField(default='{}', unique=False),
        ),
        ops.AddField(
            model_name='Company',
            name='tags',
            field=fields.TextField(default='[]', unique=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='address',
            field=fields.CharField(null=True, max_length=255),
        ),
        ops.AddField(
            model_name='Contact',
            name='custom',
            field=fields.TextField(default='{}', unique=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='email_consent',
            field=fields.BooleanField(null=True),
        ),
        ops.AddField(
            model_name='Contact',
            name='email_consent_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='email_consent_source',
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddField(
            model_name='Contact',
            name='language',
            field=fields.CharField(null=True, max_length=16),
        ),
        ops.AddField(
            model_name='Contact',
            name='other_emails',
            field=fields.TextField(default='[]', unique=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='other_phones',
            field=fields.TextField(default='[]', unique=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='preferred_channel',
            field=fields.CharField(null=True, max_length=20),
        ),
        ops.AddField(
            model_name='Contact',
            name='product_interests',
            field=fields.TextField(default='[]', unique=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='sms_consent',
            field=fields.BooleanField(null=True),
        ),
        ops.AddField(
            model_name='Contact',
            name='sms_consent_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Contact',
            name='sms_consent_source',
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddField(
            model_name='Contact',
            name='tags',
            field=fields.TextField(default='[]', unique=False),
        ),
        ops.AddField(
            model_name='Deal',
            name='custom',
            field=fields.TextField(default='{}', unique=False),
        ),
    ]
