from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tandem', '0004_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DealStageChange',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('deal', fields.ForeignKeyField('tandem.Deal', source_field='deal_id', db_constraint=True, to_field='id', related_name='stage_changes', on_delete=OnDelete.CASCADE)),
                ('from_stage', fields.ForeignKeyField('tandem.Stage', source_field='from_stage_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('to_stage', fields.ForeignKeyField('tandem.Stage', source_field='to_stage_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('by', fields.ForeignKeyField('tandem.User', source_field='by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('seconds_in_previous', fields.BigIntField()),
            ],
            options={'table': 'deal_stage_change', 'app': 'tandem', 'indexes': [Index(fields=['deal_id', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
