"""A realistic demo company: departments, a user per role template, pipelines, customers, deals.

Deterministic (seeded) and bulk-inserted, so `tandem demo` starts in about a second. Its labels
(departments, pipelines, stages, industries, positions, deal titles, the demo users' names) are
marked English texts, loaded in the language asked for (`tandem demo --language es`); the demo
users read Tandem in that language too. Names of people, places and companies stay as they are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from auth.passwords import hash_password
from auth.roles import ensure_role_templates
from models import Company, Contact, Deal, Department, Pipeline, Stage, User
from models.access.role_templates import TEMPLATES
from models.i18n import DEFAULT, N_, Message, msg, render
from models.user_actions import email_key

DEMO_PASSWORD = "tandem-demo-2026"
DEMO_DOMAIN = "demo.tandem.test"

FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dmitri",
    "Elif",
    "Farah",
    "Goran",
    "Hana",
    "Ivan",
    "Julia",
    "Kenji",
    "Lucia",
    "Mateo",
    "Nadia",
    "Omar",
    "Paula",
    "Quentin",
    "Rosa",
    "Sven",
    "Tariq",
]
LAST = [
    "Alvarez",
    "Brandt",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Horvat",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
]
PLACES = [
    ("ES", "Madrid"),
    ("ES", "Valencia"),
    ("DE", "Berlin"),
    ("FR", "Lyon"),
    ("PT", "Porto"),
    ("IT", "Milan"),
    ("NL", "Utrecht"),
    ("PL", "Krakow"),
]
INDUSTRIES = [
    N_("Retail"),
    N_("Manufacturing"),
    N_("Logistics"),
    N_("Healthcare"),
    N_("Software"),
    N_("Hospitality"),
]
POSITIONS = [N_("CEO"), N_("Buyer"), N_("Operations"), N_("Finance"), N_("IT lead")]
DEAL_KINDS = [N_("Licences"), N_("Renewal"), N_("Pilot"), N_("Rollout")]
DEPARTMENTS = {"sales": N_("Sales"), "marketing": N_("Marketing"), "support": N_("Support")}
PIPELINES = (N_("Sales"), N_("Partnerships"))
WORDS = ["Nova", "Atlas", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Helix", "Iris", "Juno"]
SUFFIXES = ["Foods", "Logistics", "Systems", "Clinic", "Labs", "Hotels", "Textiles", "Motors"]
SALES_STAGES = [
    (N_("New"), 10, "#6b7280"),
    (N_("Qualified"), 25, "#3b82f6"),
    (N_("Proposal"), 50, "#8b5cf6"),
    (N_("Negotiation"), 75, "#f59e0b"),
    (N_("Won"), 100, "#10b981"),
    (N_("Lost"), 0, "#ef4444"),
]


@dataclass(frozen=True, slots=True)
class DemoSummary:
    users: list[tuple[str, str]]  # (role name, e-mail)
    companies: int
    contacts: int
    deals: int


async def demo_loaded() -> bool:
    return await User.filter(email_key__endswith=f"@{DEMO_DOMAIN}").exists()


async def demo_users() -> list[tuple[str, str]]:
    """(role name, e-mail) of the demo users present, in template order, so that every start
    of `tandem demo` can print how to sign in, not only the one that loaded the data."""
    by_email = {
        u.email: u
        for u in await User.filter(email_key__endswith=f"@{DEMO_DOMAIN}").prefetch_related("role")
    }
    rows = []
    for template in TEMPLATES:
        user = by_email.get(f"{template.key.replace('_', '.')}@{DEMO_DOMAIN}")
        if user is not None:
            rows.append((user.role.name, user.email))
    return rows


async def load_demo(
    *,
    seed: int = 2026,
    companies: int = 60,
    contacts: int = 300,
    deals: int = 250,
    language: str = DEFAULT,
) -> DemoSummary:
    """``language``: en, es or fr, for the labels and the demo users' own language."""
    rng = random.Random(seed)

    def say(label: str) -> str:
        return render(label, language)

    async with in_transaction():
        roles = await ensure_role_templates()
        depts = {
            key: (await Department.get_or_create(name=say(name)))[0]
            for key, name in DEPARTMENTS.items()
        }
        home = {"marketing": "marketing", "support": "support"}
        password_hash = hash_password(DEMO_PASSWORD)
        users: list[User] = []
        for template in TEMPLATES:
            email = f"{template.key.replace('_', '.')}@{DEMO_DOMAIN}"
            user = await User.create(
                email=email,
                email_key=email_key(email),
                name=msg("Demo {role}", role=Message(template.name)).render(language),
                role=roles[template.key],
                password_hash=password_hash,
                locale=language,
            )
            await user.departments.add(depts[home.get(template.key, "sales")])
            users.append(user)
        sellers = [
            u
            for u in users
            if u.role_id in {roles[k].id for k in ("senior_manager", "manager", "salesperson")}
        ]
        sales = depts["sales"]

        company_rows = []
        for i in range(companies):
            country, city = rng.choice(PLACES)
            name = f"{rng.choice(WORDS)} {rng.choice(SUFFIXES)} {i + 1}"
            company_rows.append(
                Company(
                    name=name,
                    domain=f"{name.lower().replace(' ', '-')}.example",
                    industry=say(rng.choice(INDUSTRIES)),
                    size=rng.choice(["1-10", "11-50", "51-200"]),
                    country=country,
                    city=city,
                    owner=rng.choice(sellers),
                    department=sales,
                )
            )
        await Company.bulk_create(company_rows)
        company_list = await Company.all().order_by("id")

        contact_rows = []
        for i in range(contacts):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company = rng.choice(company_list)
            contact_rows.append(
                Contact(
                    first_name=first,
                    last_name=last,
                    email=f"{first.lower()}.{last.lower()}.{i}@{company.domain}",
                    phone=f"+3460{rng.randrange(1000000, 9999999)}",
                    position=say(rng.choice(POSITIONS)),
                    company=company,
                    country=company.country,
                    city=company.city,
                    lifecycle_stage=rng.choice(["lead", "prospect", "customer"]),
                    source=rng.choice(["web", "referral", "event", "cold call"]),
                    owner=rng.choice(sellers),
                    department=sales,
                )
            )
        await Contact.bulk_create(contact_rows)
        contact_list = await Contact.all().order_by("id").prefetch_related("company")

        pipeline = await Pipeline.create(name=say(PIPELINES[0]), department=sales, position=0)
        await Pipeline.create(name=say(PIPELINES[1]), department=sales, position=1)
        stage_list = [
            await Stage.create(
                pipeline=pipeline,
                name=say(n),
                position=i,
                probability=p,
                color=c,
                is_won=n == "Won",
                is_lost=n == "Lost",
            )
            for i, (n, p, c) in enumerate(SALES_STAGES)
        ]
        per_stage: dict[int, int] = {}
        deal_rows = []
        today = date.today()
        for _ in range(deals):
            stage = rng.choice(stage_list)
            contact = rng.choice(contact_list)
            per_stage[stage.id] = per_stage.get(stage.id, 0) + 1
            amount = Decimal(rng.randrange(500, 80000))
            deal_rows.append(
                Deal(
                    title=msg(
                        "{kind} for {customer}",
                        kind=Message(rng.choice(DEAL_KINDS)),
                        customer=contact.company.name if contact.company else contact.last_name,
                    ).render(language),
                    pipeline=pipeline,
                    stage=stage,
                    position=per_stage[stage.id] * 1024,
                    amount=amount,
                    cost=(amount * Decimal(rng.uniform(0.3, 0.8))).quantize(Decimal("0.01")),
                    currency="EUR",
                    expected_close=today + timedelta(days=rng.randrange(-30, 120)),
                    contact=contact,
                    company=contact.company,
                    status="won" if stage.is_won else "lost" if stage.is_lost else "open",
                    owner=rng.choice(sellers),
                    department=sales,
                )
            )
        await Deal.bulk_create(deal_rows)
    return DemoSummary(
        users=[(say(t.name), u.email) for t, u in zip(TEMPLATES, users, strict=True)],
        companies=companies,
        contacts=contacts,
        deals=deals,
    )
