from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('tandem', '0006_session3_sales_customers_notifications')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Company',
            index=Index(fields=['name', 'id']),
        ),
        ops.AddIndex(
            model_name='Contact',
            index=Index(fields=['company_id']),
        ),
        ops.AddIndex(
            model_name='Contact',
            index=Index(fields=['last_name', 'id']),
        ),
        ops.AddIndex(
            model_name='Deal',
            index=Index(fields=['contact_id']),
        ),
        ops.AddIndex(
            model_name='Deal',
            index=Index(fields=['company_id']),
        ),
    ]
