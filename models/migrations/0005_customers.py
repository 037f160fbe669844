from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
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
