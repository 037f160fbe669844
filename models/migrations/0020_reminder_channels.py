from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('tandem', '0019_campaigns')]

    initial = False

    operations = [
        ops.AddField(
            model_name='User',
            name='remind_by_email',
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name='User',
            name='remind_in_app',
            field=fields.BooleanField(default=True),
        ),
    ]
