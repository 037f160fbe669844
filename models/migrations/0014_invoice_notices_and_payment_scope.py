from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

# Payments take the owner and department of their invoice (a payment is seen by whoever sees
# its invoice); the payments recorded before this migration are given their invoice's.
BACKFILL = (
    "UPDATE payment SET "
    "owner_id = (SELECT invoice.owner_id FROM invoice WHERE invoice.id = payment.invoice_id), "
    "department_id = (SELECT invoice.department_id FROM invoice WHERE invoice.id = payment.invoice_id)"
)


class Migration(migrations.Migration):
    dependencies = [('tandem', '0013_company_branding')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Invoice',
            name='overdue_notified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Payment',
            name='owner',
            field=fields.ForeignKeyField('tandem.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Payment',
            name='department',
            field=fields.ForeignKeyField('tandem.Department', source_field='department_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL),
        ),
        ops.RunSQL(BACKFILL, reverse_sql=""),
    ]
