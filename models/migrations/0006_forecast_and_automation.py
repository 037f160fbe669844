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
        ops.AddField(
            model_name='Deal',
            name='closed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
