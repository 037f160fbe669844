from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('tandem', '0012_invoices_and_payments')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CompanyBranding',
            fields=[
                ('id', fields.IntField(primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(default='', max_length=200)),
                ('address', fields.TextField(default='', unique=False)),
                ('email', fields.CharField(default='', max_length=254)),
                ('bank_details', fields.TextField(default='', unique=False)),
                ('colour', fields.CharField(default='#1f4e79', max_length=7)),
                ('logo', fields.TextField(default='', unique=False)),
                ('logo_type', fields.CharField(default='', max_length=20)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'company_branding', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
