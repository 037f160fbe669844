from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('tandem', '0009_jobs')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CompanySetting',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('value', fields.CharField(max_length=255)),
            ],
            options={'table': 'company_setting', 'app': 'tandem', 'pk_attr': 'key'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ExchangeRate',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
                ('currency', fields.CharField(max_length=3)),
                ('rate', fields.DecimalField(max_digits=20, decimal_places=8)),
                ('valid_on', fields.DateField()),
            ],
            options={'table': 'exchange_rate', 'app': 'tandem', 'unique_together': (('currency', 'valid_on'),), 'pk_attr': 'id'},
            bases=['Record'],
        ),
    ]
