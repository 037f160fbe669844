from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('tandem', '0017_calendar_feeds')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ImportKey',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job', fields.ForeignKeyField('tandem.ImportJob', source_field='job_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=5)),
                ('key', fields.CharField(max_length=254)),
                ('row', fields.IntField()),
            ],
            options={'table': 'import_key', 'app': 'tandem', 'unique_together': (('job_id', 'kind', 'key'),), 'pk_attr': 'id', 'table_description': "An e-mail or phone a valid row of an import's file has, while the job checks the file:"},
            bases=['Model'],
        ),
        # Duplicate checks compare e-mails without case (imports, resolvers/import_rows.py
        # ``known``): an index on the expression, or every batch scans every contact.
        ops.RunSQL(
            'CREATE INDEX "idx_contact_email_lower" ON "contact" (LOWER("email"))',
            reverse_sql='DROP INDEX "idx_contact_email_lower"',
        ),
    ]
