"""Companies and contacts: the customer base."""

from __future__ import annotations

from dataclasses import replace

from models import values as cv
from models.company import Company
from models.contact import Contact
from models.records.declaration import Field, RecordType, Ref

COMPANY_REF = Ref("Company", "company", Company, scoped=True)
CONTACT_REF = Ref("Contact", "contact", Contact, scoped=True)
TAGS = Field(
    "tags",
    "tags",
    "list",
    convert=cv.many(cv.tag, "tags"),
    empty="[]",
    filter="tags",
    filter_doc="Any of these tags",
    plain=False,
)

COMPANY = RecordType(
    "company",
    "Company",
    Company,
    (
        Field("name", "name", required=True, convert=str.strip, sort=True, search=True),
        Field("domain", "domain", convert=str.lower, search=True),
        Field("industry", "industry", filter="eq"),
        Field("size", "size"),
        Field("country", "country", convert=cv.country, filter="eq"),
        Field("region", "region"),
        Field("city", "city"),
        Field("address", "address", sensitive=True),
        Field("phone", "phone", sensitive=True, convert=cv.one(cv.phone, "phone")),
        TAGS,
    ),
    custom=True,
    search_doc="Name or domain contains",
    default_sort=(("name", "ASC"),),
)

CONTACT = RecordType(
    "contact",
    "Contact",
    Contact,
    (
        Field("firstName", "first_name", required=True, convert=str.strip, sort=True, search=True),
        Field("lastName", "last_name", convert=str.strip, empty="", sort=True, search=True),
        Field(
            "email",
            "email",
            sensitive=True,
            convert=cv.one(cv.email, "email"),
            filter="iexact",
            filter_doc="The primary e-mail is",
            search=True,
        ),
        Field("phone", "phone", sensitive=True, convert=cv.one(cv.phone, "phone"), search=True),
        Field("position", "position"),
        Field("company", "company_id", "ref", ref=COMPANY_REF, filter="ref", plain=False),
        Field("country", "country", convert=cv.country, filter="eq"),
        Field("city", "city"),
        Field("lifecycleStage", "lifecycle_stage", filter="eq", sort=True),
        Field("source", "source"),
        Field(
            "otherEmails",
            "other_emails",
            "list",
            sensitive=True,
            empty="[]",
            convert=cv.many(cv.email, "otherEmails"),
            search=True,
            plain=False,
        ),
        Field(
            "otherPhones",
            "other_phones",
            "list",
            sensitive=True,
            empty="[]",
            convert=cv.many(cv.phone, "otherPhones"),
            search=True,
            plain=False,
        ),
        Field("address", "address", sensitive=True),
        Field("preferredChannel", "preferred_channel", convert=cv.channel, filter="eq"),
        Field("language", "language", convert=cv.language, filter="eq"),
        # Consent is personal data with legal weight: sensitive, so Read-only never sees it.
        Field(
            "emailConsent",
            "email_consent",
            "consent",
            sensitive=True,
            filter="eq",
            convert=cv.consent("email_consent", "emailConsent"),
            plain=False,
        ),
        Field(
            "smsConsent",
            "sms_consent",
            "consent",
            sensitive=True,
            filter="eq",
            convert=cv.consent("sms_consent", "smsConsent"),
            plain=False,
        ),
        Field(
            "productInterests",
            "product_interests",
            "list",
            empty="[]",
            convert=cv.many(cv.text_item, "productInterests"),
            plain=False,
        ),
        replace(TAGS, search=True),
        Field("lastActivity", None, "computed", writable=False, export=False, plain=False),
    ),
    custom=True,
    search_doc="Name, e-mails, phones or tags contain (readable fields only)",
    default_sort=(("lastName", "ASC"),),
    rules=cv.expand_consent,
)
