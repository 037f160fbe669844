from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tandem', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ApiKey',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('prefix', fields.CharField(max_length=12)),
                ('key_hash', fields.CharField(unique=True, max_length=64)),
                ('role', fields.ForeignKeyField('tandem.Role', source_field='role_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_by', fields.ForeignKeyField('tandem.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_key', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='IpBlock',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('ip', fields.CharField(unique=True, max_length=45)),
                ('reason', fields.CharField(default='', max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_by_id', fields.BigIntField(null=True)),
            ],
            options={'table': 'ip_block', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginAttempt',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email_key', fields.CharField(max_length=254)),
                ('ip', fields.CharField(null=True, max_length=45)),
                ('user_agent', fields.CharField(null=True, max_length=255)),
                ('success', fields.BooleanField()),
                ('reason', fields.CharField(max_length=20)),
                ('user_id', fields.BigIntField(null=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_attempt', 'app': 'tandem', 'indexes': [Index(fields=['email_key', 'at']), Index(fields=['ip', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginLock',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=300)),
                ('until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_lock', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='MailLog',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('to', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=255)),
                ('body', fields.TextField(unique=False)),
                ('status', fields.CharField(max_length=10)),
                ('error', fields.CharField(null=True, max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'mail_log', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OneTimeToken',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('purpose', fields.CharField(max_length=20)),
                ('user', fields.ForeignKeyField('tandem.User', source_field='user_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'one_time_token', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RefreshToken',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('tandem.User', source_field='user_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('family', fields.CharField(db_index=True, max_length=32)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ip', fields.CharField(null=True, max_length=45)),
                ('user_agent', fields.CharField(null=True, max_length=255)),
            ],
            options={'table': 'refresh_token', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='User',
            name='email_confirmed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
