"""Root fields of the customers area: each resolver (resolvers/) with the GraphQL type it
returns."""

from __future__ import annotations

import strawberry

from resolvers import (
    contact_import,
    contact_merge,
    custom_field_api,
    customers,
    import_job_api,
    leads,
    segments,
)
from schema.types.connection import Connection
from schema.types.customers import Company, Contact
from schema.types.import_jobs import ImportJob
from schema.types.leads import Lead, LeadConvertPayload
from schema.types.segments import Segment

CUSTOMERS_QUERY = {
    "companies": strawberry.field(
        customers.companies,
        graphql_type=Connection[Company],
        description="Companies the caller may see",
    ),
    "contacts": strawberry.field(
        customers.contacts,
        graphql_type=Connection[Contact],
        description="Contacts the caller may see",
    ),
}

CUSTOMERS_MUTATION = {
    "company_create": strawberry.mutation(customers.company_create, graphql_type=Company),
    "company_update": strawberry.mutation(customers.company_update, graphql_type=Company),
    "company_delete": strawberry.mutation(customers.company_delete, description="Soft delete"),
    "contact_create": strawberry.mutation(customers.contact_create, graphql_type=Contact),
    "contact_update": strawberry.mutation(customers.contact_update, graphql_type=Contact),
    "contact_delete": strawberry.mutation(customers.contact_delete, description="Soft delete"),
    "company_restore": strawberry.mutation(
        customers.company_restore,
        graphql_type=Company,
        description="Undo a soft delete (needs the delete operation)",
    ),
    "contact_restore": strawberry.mutation(
        customers.contact_restore,
        graphql_type=Contact,
        description="Undo a soft delete (needs the delete operation)",
    ),
}

LEADS_QUERY = {
    "leads": strawberry.field(
        leads.leads, graphql_type=Connection[Lead], description="Leads the caller may see"
    ),
}

LEADS_MUTATION = {
    "lead_create": strawberry.mutation(leads.lead_create, graphql_type=Lead),
    "lead_update": strawberry.mutation(leads.lead_update, graphql_type=Lead),
    "lead_delete": strawberry.mutation(leads.lead_delete, description="Soft delete"),
    "lead_convert": strawberry.mutation(
        leads.lead_convert,
        graphql_type=LeadConvertPayload,
        description="Into a contact (+ company) (+ deal), all or nothing",
    ),
}

SEGMENTS_QUERY = {
    "segments": strawberry.field(
        segments.segments, graphql_type=Connection[Segment], description="Saved contact filters"
    ),
}

SEGMENTS_MUTATION = {
    "segment_create": strawberry.mutation(segments.segment_create, graphql_type=Segment),
    "segment_update": strawberry.mutation(segments.segment_update, graphql_type=Segment),
    "segment_delete": strawberry.mutation(segments.segment_delete),
}

IMPORT_JOB_API_QUERY = {
    "import_job": strawberry.field(
        import_job_api.import_job,
        graphql_type=ImportJob,
        description="A contact import job's progress",
    ),
}

CUSTOM_FIELD_API_QUERY = {
    "custom_fields": strawberry.field(
        custom_field_api.custom_fields_query,
        description="Custom fields of an object, in display order",
    ),
}

CUSTOM_FIELD_API_MUTATION = {
    "custom_field_define": strawberry.mutation(custom_field_api.custom_field_define),
    "custom_field_update": strawberry.mutation(custom_field_api.custom_field_update),
    "custom_field_remove": strawberry.mutation(
        custom_field_api.custom_field_remove,
        description="Values stay stored but are never shown again",
    ),
}

CONTACT_MERGE_MUTATION = {
    "contact_merge": strawberry.mutation(
        contact_merge.contact_merge,
        graphql_type=Contact,
        description="Merge duplicates into the target; all or nothing",
    ),
}

CONTACT_IMPORT_MUTATION = {
    "contact_import": strawberry.mutation(
        contact_import.contact_import,
        description="Contacts from CSV: dry run, per-row errors, all or nothing",
    ),
}
