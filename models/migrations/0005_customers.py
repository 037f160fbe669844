from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('tandem', '0004_outbox')]

    initial = False

    operations = [
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
    ]
