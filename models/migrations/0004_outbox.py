from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('tandem', '0003_audit')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OutboxEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('seq', fields.BigIntField(null=True, unique=True)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('kind', fields.CharField(max_length=10)),
                ('object', fields.CharField(max_length=50)),
                ('record_id', fields.BigIntField()),
                ('topics', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('changed', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('values', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('actor_id', fields.BigIntField(null=True)),
            ],
            options={'table': 'outbox_event', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
