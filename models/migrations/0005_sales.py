from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tandem', '0004_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Activity',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('owner', fields.ForeignKeyField('tandem.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('department', fields.ForeignKeyField('tandem.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('deleted_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('kind', fields.CharField(max_length=10)),
                ('direction', fields.CharField(null=True, max_length=10)),
                ('occurred_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('duration_seconds', fields.IntField(null=True)),
                ('subject', fields.CharField(default='', max_length=255)),
                ('body', fields.TextField(default='', unique=False)),
                ('outcome', fields.CharField(null=True, max_length=255)),
                ('contact', fields.ForeignKeyField('tandem.Contact', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.SET_NULL)),
                ('company', fields.ForeignKeyField('tandem.Company', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.SET_NULL)),
                ('deal', fields.ForeignKeyField('tandem.Deal', source_field='deal_id', null=True, db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'activity', 'app': 'tandem', 'indexes': [Index(fields=['deal_id', 'occurred_at']), Index(fields=['contact_id', 'occurred_at'])], 'pk_attr': 'id'},
            bases=['OwnedRecord'],
        ),
        ops.CreateModel(
            name='Comment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('owner', fields.ForeignKeyField('tandem.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('department', fields.ForeignKeyField('tandem.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('deleted_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('target_type', fields.CharField(max_length=20)),
                ('target_id', fields.BigIntField()),
                ('parent', fields.ForeignKeyField('tandem.Comment', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('body', fields.TextField(unique=False)),
            ],
            options={'table': 'comment', 'app': 'tandem', 'indexes': [Index(fields=['target_type', 'target_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['OwnedRecord'],
        ),
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
        ops.CreateModel(
            name='Product',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('sku', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=255)),
                ('price', fields.DecimalField(default=0, max_digits=14, decimal_places=2)),
                ('cost', fields.DecimalField(default=0, max_digits=14, decimal_places=2)),
                ('currency', fields.CharField(default='EUR', max_length=3)),
                ('active', fields.BooleanField(default=True)),
                ('deleted_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'product', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='DealLineItem',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('deal', fields.ForeignKeyField('tandem.Deal', source_field='deal_id', db_constraint=True, to_field='id', related_name='line_items', on_delete=OnDelete.CASCADE)),
                ('product', fields.ForeignKeyField('tandem.Product', source_field='product_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
                ('quantity', fields.DecimalField(max_digits=12, decimal_places=3)),
                ('unit_price', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('discount', fields.DecimalField(default=0, max_digits=5, decimal_places=2)),
            ],
            options={'table': 'deal_line_item', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Task',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('owner', fields.ForeignKeyField('tandem.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('department', fields.ForeignKeyField('tandem.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('deleted_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('title', fields.CharField(max_length=255)),
                ('description', fields.TextField(default='', unique=False)),
                ('due_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('remind_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('priority', fields.CharField(default='normal', max_length=10)),
                ('status', fields.CharField(default='open', max_length=12)),
                ('assignee', fields.ForeignKeyField('tandem.User', source_field='assignee_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('creator', fields.ForeignKeyField('tandem.User', source_field='creator_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('labels', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('target_type', fields.CharField(null=True, max_length=20)),
                ('target_id', fields.BigIntField(null=True)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'task', 'app': 'tandem', 'indexes': [Index(fields=['assignee_id', 'status']), Index(fields=['target_type', 'target_id'])], 'pk_attr': 'id'},
            bases=['OwnedRecord'],
        ),
    ]
