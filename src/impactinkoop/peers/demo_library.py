"""The demo's knowledge: Voorbeeldstad's coordinator took PIANOo's starter set and added the
municipality's own pages and one own document (a small PDF drawn here), some with a theme. The
case library needs nothing of its own: the demo's public impact page already publishes two
stories (reports.demo). Idempotent: nothing is added once the organisation keeps knowledge."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from impactinkoop.accounts.models import Membership, Organisation
from impactinkoop.accounts.roles import Role
from impactinkoop.plans.models import Goal, Metric, Theme
from impactinkoop.reports import public, stories

from . import knowledge, knowledge_documents
from .benchmark_sharing import save_sharing
from .models import KnowledgeItem

# (step, national theme key or "", title, web address, why it helps)
OWN_LINKS = [
    (
        4,
        "circulair",
        "Kansrijke aanbestedingen 2026 (intranet)",
        "https://intranet.voorbeeldstad.example/inkoop/kansrijk-2026",
        "De lijst die het inkoopteam in januari opstelde: welke aanbestedingen van dit jaar "
        "ruimte bieden voor circulair of sociaal inkopen.",
    ),
    (
        6,
        "",
        "Werkwijze MVI-ambassadeurs (intranet)",
        "https://intranet.voorbeeldstad.example/mvi/ambassadeurs",
        "Wie in welke afdeling ambassadeur is en hoe we elkaar elk kwartaal bijpraten.",
    ),
]

DOCUMENT = (
    5,
    "social-return",
    "Handreiking social return Voorbeeldstad",
    "handreiking-social-return.pdf",
    "Onze eigen afspraken: vanaf welk bedrag social return in een aanbesteding komt, en hoe "
    "het Werkgeversservicepunt meedenkt.",
    [
        "Handreiking social return Voorbeeldstad",
        "",
        "1. Social return vanaf 100.000 euro opdrachtwaarde.",
        "2. Standaard 5% van de loonsom, via de bouwblokken.",
        "3. Het Werkgeversservicepunt levert kandidaten binnen twee weken.",
        "4. De opdrachtnemer meldt elk kwartaal wat hij realiseerde.",
    ],
)


def _pdf_text(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", "replace")


def small_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of Helvetica: enough for a demo document, without the
    PDF renderer (which needs Pango on the server)."""
    content = b"BT /F1 12 Tf 72 770 Td 18 TL\n"
    content += b"".join(b"(" + _pdf_text(line) + b") '\n" for line in lines)
    content += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Title (" + _pdf_text(title) + b") >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return out


PEER_STORY = (
    "rivierstad",
    "Groenonderhoud met een leerwerkbedrijf",
    "Rivierstad besteedde het onderhoud van de parken aan bij een leerwerkbedrijf. Zes mensen "
    "die lang thuis zaten, werken er nu vier dagen per week; twee van hen stroomden dit jaar "
    "door naar een vaste baan bij een hovenier.",
    "Anouk Smit",
    "inkoop@rivierstad.example",
)


def build_demo(main, users: dict) -> None:
    if KnowledgeItem.objects.filter(organisation=main).exists():
        return
    coordinator = users["coordinator"]
    themes = {theme.key: theme for theme in Theme.objects.filter(organisation=None)}
    # The demo is Dutch: the starter set's titles and notes are stored as a Dutch user adds them.
    with translation.override("nl"):
        knowledge.add_starter_set(actor=coordinator, organisation=main)
    for step, theme_key, title, url, note in OWN_LINKS:
        knowledge.add_item(
            actor=coordinator,
            organisation=main,
            step=step,
            theme=themes.get(theme_key),
            title=title,
            url=url,
            note=note,
        )
    step, theme_key, title, file_name, note, lines = DOCUMENT
    upload = SimpleUploadedFile(file_name, small_pdf(title, lines), "application/pdf")
    knowledge.add_item(
        actor=coordinator,
        organisation=main,
        step=step,
        theme=themes.get(theme_key),
        title=title,
        note=note,
        document=knowledge_documents.check_document(upload),
    )
    _peer_story(themes.get("social-return"))


def _peer_story(theme) -> None:
    """One story of a peer municipality in the case library (the benchmark's demo made the peers),
    tied to a goal under the national social-return theme so the theme filter finds it, with the
    contact person the peer chose to show. Written through the results app's services, as the
    peer's administrator would."""
    slug, title, text, contact_name, contact_email = PEER_STORY
    peer = Organisation.objects.filter(slug=slug).first()
    if peer is None:
        return
    admin = Membership.objects.filter(organisation=peer, role=Role.ADMIN).first()
    if admin is None:
        return
    goal = Goal.objects.create(
        organisation=peer,
        title="Tien leerwerkplaatsen via onze opdrachten",
        metric=Metric.NUMBER,
        unit="plaatsen",
        theme=theme,
        target_value=Decimal(10),
        deadline=date(2026, 12, 31),
        owner=admin.user,
    )
    story = stories.create_story(
        actor=admin.user, organisation=peer, title=title, text=text, goal=goal
    )
    stories.submit_story(story, actor=admin.user, organisation=peer, membership=admin)
    story = stories.approve_story(story, actor=admin.user, organisation=peer, membership=admin)
    public.save_public_page(
        peer, actor=admin.user, enabled=True, introduction="", figures=[], stories=[story]
    )
    save_sharing(
        peer,
        actor=admin.user,
        values={
            "shares_contact": True,
            "contact_name": contact_name,
            "contact_email": contact_email,
        },
    )
