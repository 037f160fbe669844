from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tandem', '0010_money')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Quote',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('owner', fields.ForeignKeyField('tandem.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('department', fields.ForeignKeyField('tandem.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('deleted_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('deal', fields.ForeignKeyField('tandem.Deal', source_field='deal_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('contact', fields.ForeignKeyField('tandem.Contact', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('company', fields.ForeignKeyField('tandem.Company', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('currency', fields.CharField(default='EUR', max_length=3)),
                ('issued_on', fields.DateField()),
                ('net', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('tax', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('total', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('cost', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('tax_lines', fields.TextField(default='[]', unique=False)),
                ('status', fields.CharField(default='draft', max_length=10)),
                ('valid_until', fields.DateField(null=True)),
                ('revision', fields.IntField(default=1)),
            ],
            options={'table': 'quote', 'app': 'tandem', 'indexes': [Index(fields=['contact_id']), Index(fields=['company_id']), Index(fields=['deal_id'])], 'pk_attr': 'id'},
            bases=['SalesDocument'],
        ),
        ops.CreateModel(
            name='QuoteLine',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('product', fields.ForeignKeyField('tandem.Product', source_field='product_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
                ('quantity', fields.DecimalField(max_digits=12, decimal_places=3)),
                ('unit_price', fields.DecimalField(max_digits=16, decimal_places=3)),
                ('unit_cost', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('discount', fields.DecimalField(default=0, max_digits=5, decimal_places=2)),
                ('tax_rate', fields.DecimalField(default=0, max_digits=5, decimal_places=2)),
                ('net', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('quote', fields.ForeignKeyField('tandem.Quote', source_field='quote_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'quote_line', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['DocumentLine'],
        ),
        ops.CreateModel(
            name='SalesOrder',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('owner', fields.ForeignKeyField('tandem.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('department', fields.ForeignKeyField('tandem.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('deleted_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('deal', fields.ForeignKeyField('tandem.Deal', source_field='deal_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('contact', fields.ForeignKeyField('tandem.Contact', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('company', fields.ForeignKeyField('tandem.Company', source_field='company_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('currency', fields.CharField(default='EUR', max_length=3)),
                ('issued_on', fields.DateField()),
                ('net', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('tax', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('total', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('cost', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('tax_lines', fields.TextField(default='[]', unique=False)),
                ('status', fields.CharField(default='open', max_length=10)),
                ('quote', fields.ForeignKeyField('tandem.Quote', source_field='quote_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'sales_order', 'app': 'tandem', 'indexes': [Index(fields=['contact_id']), Index(fields=['company_id']), Index(fields=['deal_id'])], 'pk_attr': 'id'},
            bases=['SalesDocument'],
        ),
        ops.CreateModel(
            name='OrderLine',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('product', fields.ForeignKeyField('tandem.Product', source_field='product_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField(default=0)),
                ('quantity', fields.DecimalField(max_digits=12, decimal_places=3)),
                ('unit_price', fields.DecimalField(max_digits=16, decimal_places=3)),
                ('unit_cost', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('discount', fields.DecimalField(default=0, max_digits=5, decimal_places=2)),
                ('tax_rate', fields.DecimalField(default=0, max_digits=5, decimal_places=2)),
                ('net', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('order', fields.ForeignKeyField('tandem.SalesOrder', source_field='order_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'order_line', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['DocumentLine'],
        ),
    ]
