"""Every text of the generated user guides, in English, Spanish and French, in one module.

Reviewed by hand; kept in one place so that issue 20 can move them to gettext catalogs. A name
the catalogue gains without a translation here stops the generator (docs_gen/roles.py), so a new
object or field cannot reach the guides in English only.
"""

from __future__ import annotations

LANGUAGES = ("en", "es", "fr")
LANGUAGE_NAMES = {"en": "English", "es": "Español", "fr": "Français"}

Texts = tuple[str, str, str]

ROLES: dict[str, Texts] = {
    "owner": ("Owner", "Propietario", "Propriétaire"),
    "admin": ("Admin", "Administrador", "Administrateur"),
    "senior_manager": ("Senior Manager", "Director", "Directeur"),
    "manager": ("Manager", "Responsable", "Responsable"),
    "salesperson": ("Salesperson", "Vendedor", "Commercial"),
    "marketing": ("Marketing", "Marketing", "Marketing"),
    "support": ("Support", "Soporte", "Support"),
    "read_only": ("Read-only", "Solo lectura", "Lecture seule"),
}

OBJECTS: dict[str, Texts] = {
    "company": ("Companies", "Empresas", "Entreprises"),
    "contact": ("Contacts", "Contactos", "Contacts"),
    "deal": ("Deals", "Oportunidades", "Affaires"),
    "lead": ("Leads", "Prospectos", "Pistes"),
    "pipeline": ("Pipelines and stages", "Embudos y etapas", "Pipelines et étapes"),
    "activity": ("Activities", "Actividades", "Activités"),
    "task": ("Tasks", "Tareas", "Tâches"),
    "comment": ("Comments", "Comentarios", "Commentaires"),
    "product": ("Products", "Productos", "Produits"),
    "user": ("Users", "Usuarios", "Utilisateurs"),
    "role": ("Roles", "Roles", "Rôles"),
    "department": ("Departments", "Departamentos", "Services"),
    "auditEntry": ("Audit log", "Registro de auditoría", "Journal d'audit"),
    "customField": ("Custom field definitions", "Campos personalizados", "Champs personnalisés"),
    "segment": ("Segments", "Segmentos", "Segments"),
    "access": (
        "Access administration (API keys, sign-in attempts, IP blocks)",
        "Administración de accesos (claves API, intentos de acceso, bloqueos de IP)",
        "Administration des accès (clés d'API, tentatives de connexion, blocages d'IP)",
    ),
    "backup": ("Database backups", "Copias de seguridad", "Sauvegardes de la base"),
    "webhook": ("Webhooks", "Webhooks", "Webhooks"),
    "automationRule": ("Automation rules", "Reglas de automatización", "Règles d'automatisation"),
    "notification": ("Notifications", "Notificaciones", "Notifications"),
    "exchangeRate": ("Exchange rates", "Tipos de cambio", "Taux de change"),
    "quote": ("Quotes", "Presupuestos", "Devis"),
    "order": ("Orders", "Pedidos", "Commandes"),
    "invoice": ("Invoices and credit notes", "Facturas y abonos", "Factures et avoirs"),
    "payment": ("Payments", "Pagos", "Paiements"),
    "messageTemplate": ("Message templates", "Plantillas de mensaje", "Modèles de message"),
    "campaign": ("Campaigns", "Campañas", "Campagnes"),
}

OPERATIONS: dict[str, Texts] = {
    "create": ("create", "crear", "créer"),
    "read": ("see", "ver", "consulter"),
    "update": ("change", "modificar", "modifier"),
    "delete": ("delete", "eliminar", "supprimer"),
    "export": ("export", "exportar", "exporter"),
    "assign": ("reassign", "reasignar", "réattribuer"),
}

SCOPES: dict[str, Texts] = {
    "own": (
        "only your own (you own it, or it is assigned to you)",
        "solo los suyos (es el propietario o se le han asignado)",
        "uniquement les vôtres (vous en êtes propriétaire ou elles vous sont attribuées)",
    ),
    "department": (
        "those of your departments, and your own",
        "los de sus departamentos, y los suyos",
        "celles de vos services, et les vôtres",
    ),
    "all": ("all of them", "todos", "toutes"),
}

FIELDS: dict[str, Texts] = {
    "currency": ("currency", "moneda", "devise"),
    "url": ("URL", "URL", "URL"),
    "objects": ("record types", "tipos de registro", "types d'enregistrement"),
    "events": ("event kinds", "tipos de evento", "types d'événement"),
    "enabled": ("enabled", "activado", "activé"),
    "disabledReason": ("why it was disabled", "motivo de desactivación", "motif de désactivation"),
    "rate": ("rate", "tipo", "taux"),
    "validOn": ("valid on", "válido el", "valable le"),
    "issuedOn": ("issue date", "fecha de emisión", "date d'émission"),
    "validUntil": ("valid until", "válido hasta", "valable jusqu'au"),
    "revision": ("revision", "revisión", "révision"),
    "net": ("net total", "total neto", "total net"),
    "tax": ("tax", "impuestos", "taxes"),
    "total": ("total", "total", "total"),
    "taxLines": ("totals per tax rate", "totales por tipo impositivo", "totaux par taux de taxe"),
    "lines": ("lines", "líneas", "lignes"),
    "quote": ("quote", "presupuesto", "devis"),
    "code": ("number", "número", "numéro"),
    "order": ("order", "pedido", "commande"),
    "cancels": ("invoice cancelled", "factura anulada", "facture annulée"),
    "dueOn": ("due date", "vencimiento", "échéance"),
    "paymentTermsDays": (
        "payment terms (days)",
        "plazo de pago (días)",
        "délai de paiement (jours)",
    ),
    "paid": ("paid", "pagado", "payé"),
    "credited": ("credited", "abonado", "crédité"),
    "balance": ("balance", "saldo", "solde"),
    "invoice": ("invoice", "factura", "facture"),
    "paidOn": ("payment date", "fecha de pago", "date de paiement"),
    "reference": ("reference", "referencia", "référence"),
    "channel": ("channel (e-mail or SMS)", "canal (correo o SMS)", "canal (e-mail ou SMS)"),
    "variants": (
        "texts per language",
        "textos por idioma",
        "textes par langue",
    ),
    "segment": ("segment", "segmento", "segment"),
    "contacts": ("hand-picked contacts", "contactos elegidos", "contacts choisis"),
    "state": ("state", "estado", "état"),
    "scheduledAt": ("scheduled time", "hora programada", "heure programmée"),
    "finishedAt": ("finishing time", "hora de finalización", "heure de fin"),
    "queued": ("messages queued", "mensajes en cola", "messages en attente"),
    "sent": ("messages sent", "mensajes enviados", "messages envoyés"),
    "failed": ("messages failed", "mensajes fallidos", "messages en échec"),
    "skipped": ("recipients skipped", "destinatarios omitidos", "destinataires ignorés"),
    "action": ("action", "acción", "action"),
    "actions": ("actions", "acciones", "actions"),
    "active": ("active", "activo", "actif"),
    "actor": ("actor", "autor", "auteur"),
    "address": ("address", "dirección", "adresse"),
    "after": ("value after", "valor posterior", "valeur après"),
    "amount": ("amount", "importe", "montant"),
    "assignee": ("assignee", "responsable", "personne assignée"),
    "at": ("time", "momento", "moment"),
    "before": ("value before", "valor anterior", "valeur avant"),
    "behaviour": ("behaviour", "comportamiento", "comportement"),
    "body": ("text", "texto", "texte"),
    "city": ("city", "ciudad", "ville"),
    "closedAt": ("closing date", "fecha de cierre", "date de clôture"),
    "comment": ("comment", "comentario", "commentaire"),
    "company": ("company", "empresa", "entreprise"),
    "companyName": ("company name", "nombre de la empresa", "nom de l'entreprise"),
    "completedAt": ("completion time", "fecha de finalización", "date d'achèvement"),
    "conditions": ("conditions", "condiciones", "conditions"),
    "contact": ("contact", "contacto", "contact"),
    "convertedAt": ("conversion time", "fecha de conversión", "date de conversion"),
    "cost": ("cost", "coste", "coût"),
    "country": ("country", "país", "pays"),
    "createdBy": ("created by", "creado por", "créé par"),
    "creator": ("creator", "creador", "créateur"),
    "deal": ("deal", "oportunidad", "affaire"),
    "department": ("department", "departamento", "service"),
    "departments": ("departments", "departamentos", "services"),
    "description": ("description", "descripción", "description"),
    "direction": ("direction", "dirección (entrante o saliente)", "sens"),
    "domain": ("web domain", "dominio web", "domaine web"),
    "dueAt": ("due time", "vencimiento", "échéance"),
    "duration": ("duration", "duración", "durée"),
    "email": ("e-mail", "correo electrónico", "e-mail"),
    "emailConfirmed": ("e-mail confirmed", "correo confirmado", "e-mail confirmé"),
    "emailConsent": ("e-mail consent", "consentimiento de correo", "consentement e-mail"),
    "expectedClose": ("expected closing date", "cierre previsto", "clôture prévue"),
    "filter": ("filter", "filtro", "filtre"),
    "firstName": ("first name", "nombre", "prénom"),
    "industry": ("industry", "sector", "secteur"),
    "isActive": ("active", "activo", "actif"),
    "kind": ("kind", "tipo", "type"),
    "labels": ("labels", "etiquetas", "libellés"),
    "language": ("language", "idioma", "langue"),
    "lastActivity": ("last activity", "última actividad", "dernière activité"),
    "lastLoginAt": ("last sign-in", "último acceso", "dernière connexion"),
    "lastName": ("last name", "apellidos", "nom"),
    "level": ("level", "nivel", "niveau"),
    "lifecycleStage": ("lifecycle stage", "fase del ciclo de vida", "étape du cycle de vie"),
    "lineItems": ("line items", "líneas de producto", "lignes de produits"),
    "linkedRecord": ("linked record", "registro vinculado", "fiche liée"),
    "locale": ("locale", "configuración regional", "paramètres régionaux"),
    "lostReason": ("reason lost", "motivo de pérdida", "raison de la perte"),
    "manager": ("manager", "responsable", "responsable"),
    "margin": ("margin", "margen", "marge"),
    "name": ("name", "nombre", "nom"),
    "object": ("object", "objeto", "objet"),
    "occurredAt": ("time it happened", "fecha en que ocurrió", "date de l'événement"),
    "otherEmails": ("other e-mails", "otros correos", "autres e-mails"),
    "otherPhones": ("other phones", "otros teléfonos", "autres téléphones"),
    "outcome": ("outcome", "resultado", "résultat"),
    "owner": ("owner", "propietario", "propriétaire"),
    "parent": ("parent", "superior", "parent"),
    "permissions": ("permissions", "permisos", "autorisations"),
    "phone": ("phone", "teléfono", "téléphone"),
    "pipeline": ("pipeline", "embudo", "pipeline"),
    "position": ("position", "posición", "position"),
    "preferredChannel": ("preferred channel", "canal preferido", "canal préféré"),
    "price": ("price", "precio", "prix"),
    "priority": ("priority", "prioridad", "priorité"),
    "probability": ("probability", "probabilidad", "probabilité"),
    "productInterests": ("product interests", "productos de interés", "produits d'intérêt"),
    "readAt": ("read time", "fecha de lectura", "date de lecture"),
    "recordId": ("record", "registro", "fiche"),
    "region": ("region", "región", "région"),
    "remindAt": ("reminder time", "recordatorio", "rappel"),
    "role": ("role", "rol", "rôle"),
    "size": ("size", "tamaño", "taille"),
    "sku": ("SKU", "referencia (SKU)", "référence (SKU)"),
    "smsConsent": ("SMS consent", "consentimiento de SMS", "consentement SMS"),
    "source": ("source", "origen", "origine"),
    "stage": ("stage", "etapa", "étape"),
    "stageHistory": ("stage history", "historial de etapas", "historique des étapes"),
    "stages": ("stages", "etapas", "étapes"),
    "status": ("status", "estado", "statut"),
    "subject": ("subject", "asunto", "objet"),
    "tags": ("tags", "etiquetas", "mots-clés"),
    "target": ("discussed record", "registro comentado", "fiche commentée"),
    "template": ("template", "plantilla", "modèle"),
    "text": ("text", "texto", "texte"),
    "timeZone": ("time zone", "zona horaria", "fuseau horaire"),
    "title": ("title", "título", "titre"),
    "trigger": ("trigger", "disparador", "déclencheur"),
}

# The sentences of a guide. {placeholders} are filled in by docs_gen/roles.py.
SENTENCES: dict[str, Texts] = {
    "title": ("{role}: user guide", "{role}: guía de usuario", "{role} : guide de l'utilisateur"),
    "index_title": (
        "User guides by role",
        "Guías de usuario por rol",
        "Guides de l'utilisateur par rôle",
    ),
    "generated": (
        "This page is generated from the role template in `models/access/role_templates.py`: it"
        " says exactly what the server allows. A custom role based on this one may differ.",
        "Esta página se genera a partir de la plantilla de rol de"
        " `models/access/role_templates.py`: dice exactamente lo que el servidor permite. Un rol"
        " personalizado basado en este puede ser distinto.",
        "Cette page est générée à partir du modèle de rôle de `models/access/role_templates.py` :"
        " elle dit exactement ce que le serveur autorise. Un rôle personnalisé fondé sur celui-ci"
        " peut être différent.",
    ),
    "level": ("Level {level}.", "Nivel {level}.", "Niveau {level}."),
    "level_rule": (
        "You give people roles, and create custom roles, only below this level, and never grant"
        " anything you do not have yourself.",
        "Solo asigna roles, y crea roles personalizados, por debajo de este nivel, y nunca"
        " concede nada que usted mismo no tenga.",
        "Vous n'attribuez des rôles, et ne créez des rôles personnalisés, qu'en dessous de ce"
        " niveau, et n'accordez jamais ce que vous n'avez pas vous-même.",
    ),
    "user_rule": (
        "You place people (invitations, role and department changes) only where their role"
        " reaches records of departments you reach yourself.",
        "Solo ubica a personas (invitaciones, cambios de rol o de departamento) donde su rol"
        " alcanza registros de departamentos a los que usted mismo llega.",
        "Vous ne placez des personnes (invitations, changements de rôle ou de service) que là où"
        " leur rôle atteint des fiches de services que vous atteignez vous-même.",
    ),
    "summary": ("At a glance", "Resumen", "En bref"),
    "col_object": ("What", "Qué", "Quoi"),
    "col_may": ("You may", "Puede", "Vous pouvez"),
    "col_sees": ("Records you see", "Registros que ve", "Fiches visibles"),
    "col_changes": ("Records you change", "Registros que modifica", "Fiches modifiables"),
    "details": ("In detail", "En detalle", "En détail"),
    "may": ("You may: {ops}.", "Puede: {ops}.", "Vous pouvez : {ops}."),
    "sees": (
        "Records you see: {scope}.",
        "Registros que ve: {scope}.",
        "Fiches visibles : {scope}.",
    ),
    "changes": (
        "Records you change: {scope}.",
        "Registros que modifica: {scope}.",
        "Fiches modifiables : {scope}.",
    ),
    "personal": (
        "Only your own, always: nobody else ever sees them.",
        "Solo las suyas, siempre: nadie más las ve.",
        "Uniquement les vôtres, toujours : personne d'autre ne les voit.",
    ),
    "writable": (
        "Fields you see and change: {fields}.",
        "Campos que ve y modifica: {fields}.",
        "Champs visibles et modifiables : {fields}.",
    ),
    "readable": (
        "Fields you see but do not change: {fields}.",
        "Campos que ve pero no modifica: {fields}.",
        "Champs visibles mais non modifiables : {fields}.",
    ),
    "hidden": (
        "Fields hidden from you (empty, with a FORBIDDEN error if asked for): {fields}.",
        "Campos ocultos para usted (vacíos, con un error FORBIDDEN si los pide): {fields}.",
        "Champs masqués (vides, avec une erreur FORBIDDEN si vous les demandez) : {fields}.",
    ),
    "not_granted": (
        "Not available to you: {objects}.",
        "No disponible para usted: {objects}.",
        "Non accessible : {objects}.",
    ),
    "custom_fields": (
        "Custom fields (unless a custom role names them): plain ones {plain}; sensitive ones"
        " {sensitive}.",
        "Campos personalizados (salvo que un rol personalizado los nombre): los normales"
        " {plain}; los sensibles {sensitive}.",
        "Champs personnalisés (sauf si un rôle personnalisé les nomme) : ordinaires {plain} ;"
        " sensibles {sensitive}.",
    ),
    "custom_write": ("you see and change", "los ve y modifica", "visibles et modifiables"),
    "custom_read": ("you see only", "solo los ve", "visibles seulement"),
    "custom_none": ("are hidden", "quedan ocultos", "masqués"),
    "none": ("—", "—", "—"),
    "other_languages": ("Other languages", "Otros idiomas", "Autres langues"),
    "sales_money": (
        "Sales documents and money",
        "Documentos de venta y dinero",
        "Ventes et argent",
    ),
    "yes": ("yes", "sí", "oui"),
    "no": ("no", "no", "non"),
    "may_quote": (
        "Create and send quotes: {answer}.",
        "Crear y enviar presupuestos: {answer}.",
        "Créer et envoyer des devis : {answer}.",
    ),
    "may_invoice": (
        "Issue invoices and cancel them with a credit note: {answer}.",
        "Emitir facturas y anularlas con un abono: {answer}.",
        "Émettre des factures et les annuler par un avoir : {answer}.",
    ),
    "may_pay": (
        "Record payments and refunds: {answer}.",
        "Registrar pagos y reembolsos: {answer}.",
        "Enregistrer paiements et remboursements : {answer}.",
    ),
    "sees_margin": (
        "See the cost and margin of quotes, orders and invoices: {answer}.",
        "Ver el coste y el margen de presupuestos, pedidos y facturas: {answer}.",
        "Voir le coût et la marge des devis, commandes et factures : {answer}.",
    ),
    "may_rates": (
        "Set or import exchange rates: {answer}.",
        "Fijar o importar tipos de cambio: {answer}.",
        "Saisir ou importer des taux de change : {answer}.",
    ),
    "index_intro": (
        "One page per role template, generated from the permission data.",
        "Una página por plantilla de rol, generada a partir de los permisos.",
        "Une page par modèle de rôle, générée à partir des autorisations.",
    ),
}


def text(table: dict[str, Texts], key: str, language: str) -> str:
    """``key``'s text in ``language``; a missing key is an error, never an English fallback."""
    try:
        return table[key][LANGUAGES.index(language)]
    except KeyError:
        raise KeyError(f"docs_gen/texts.py has no translation of {key!r}") from None
