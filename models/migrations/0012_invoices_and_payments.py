from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tandem', '0011_quotes_and_orders')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Invoice',
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
                ('kind', fields.CharField(default='invoice', max_length=12)),
                ('series', fields.CharField(max_length=16)),
                ('year', fields.IntField()),
                ('number', fields.IntField()),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('due_on', fields.DateField()),
                ('payment_terms_days', fields.IntField(default=30)),
                ('order', fields.ForeignKeyField('tandem.SalesOrder', source_field='order_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('cancels', fields.ForeignKeyField('tandem.Invoice', source_field='cancels_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('paid', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
                ('credited', fields.DecimalField(default=0, max_digits=16, decimal_places=3)),
            ],
            options={'table': 'invoice', 'app': 'tandem', 'unique_together': (('series', 'year', 'number'),), 'indexes': [Index(fields=['contact_id']), Index(fields=['company_id']), Index(fields=['due_on'])], 'pk_attr': 'id'},
            bases=['SalesDocument'],
        ),
        ops.CreateModel(
            name='InvoiceCounter',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('series', fields.CharField(max_length=16)),
                ('year', fields.IntField()),
                ('last_number', fields.IntField(default=0)),
            ],
            options={'table': 'invoice_counter', 'app': 'tandem', 'unique_together': (('series', 'year'),), 'pk_attr': 'id'},
            bases=['Record'],
        ),
        ops.CreateModel(
            name='InvoiceLine',
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
                ('invoice', fields.ForeignKeyField('tandem.Invoice', source_field='invoice_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'invoice_line', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['DocumentLine'],
        ),
        ops.CreateModel(
            name='Payment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('invoice', fields.ForeignKeyField('tandem.Invoice', source_field='invoice_id', db_constraint=True, to_field='id', related_name='payments', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharField(default='payment', max_length=10)),
                ('amount', fields.DecimalField(max_digits=16, decimal_places=3)),
                ('currency', fields.CharField(max_length=3)),
                ('paid_on', fields.DateField()),
                ('reference', fields.CharField(default='', max_length=255)),
            ],
            options={'table': 'payment', 'app': 'tandem', 'indexes': [Index(fields=['invoice_id'])], 'pk_attr': 'id'},
            bases=['Record'],
        ),
    ]
