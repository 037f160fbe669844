from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('tandem', '0007_list_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BackupRun',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('day', fields.DateField(null=True, unique=True)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('status', fields.CharField(default='running', max_length=16)),
                ('backend', fields.CharField(max_length=16)),
                ('file_name', fields.CharField(default='', max_length=255)),
                ('size_bytes', fields.BigIntField(null=True)),
                ('verified', fields.BooleanField(default=False)),
                ('message', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'backup_run', 'app': 'tandem', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
