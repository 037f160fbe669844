from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    # Issue 19: salesReport selects won deals by the day they closed.
    dependencies = [('tandem', '0015_webhooks')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Deal',
            index=Index(fields=['status', 'closed_at']),
        ),
    ]
