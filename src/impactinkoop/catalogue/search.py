"""Full-text search over enterprises and offers, in Dutch, with typo tolerance.

PostgreSQL searches a generated `tsvector` column built with its Dutch configuration; SQLite
searches an FTS5 table of the same words stemmed with the Dutch Snowball stemmer (the algorithm
PostgreSQL uses). So "bloemen" finds "bloem" on both. A query word that is in no document is
first corrected against the vocabulary of indexed words ("catring" becomes "catering"); the last
word also matches as a prefix, so a half-typed word finds something. All words must match; if
that finds nothing, any word may.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.db import connection, transaction
from django.utils import timezone
from rapidfuzz.distance import Levenshtein

from impactinkoop.core.richtext import markdown_text

from .models import Enterprise, Offer, SearchDocument, SearchWord

_WORD = re.compile(r"[a-z0-9]+")
_stemmer = snowballstemmer.stemmer("dutch")
MAX_QUERY_WORDS = 8
# SQLite only: the document's id, enterprise and filter columns (migration 0008).
RANKING_INDEX = "catalogue_searchdocument_ranking"


def plain_text(markdown: str) -> str:
    """The words of a rich text (Markdown)."""
    return markdown_text(markdown)


def words(text: str) -> list[str]:
    """Lower case words without accents: "Café Über" gives ["cafe", "uber"]."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(ascii_text)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def _typo_allowance(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 7 else 2


# Indexing ------------------------------------------------------------------------------------


def _offer_parts(offer: Offer) -> list[str]:
    parts = [offer.title, plain_text(offer.description)]
    for node in (offer.category, offer.category.parent):
        if node is not None:
            parts += [node.name_nl, node.name_en]
    return parts


def _document(enterprise: Enterprise, offer: Offer | None, offers=()) -> SearchDocument:
    """An offer's document, or (offer None) the enterprise's: its profile and all its published
    `offers`, so a search without a category ranks one document per enterprise (issue 15,
    item 19)."""
    company = enterprise.company
    if offer is None:
        parts = [enterprise.name, company.trade_names, plain_text(enterprise.summary)]
        parts.append(plain_text(enterprise.impact))
        for each in offers:
            parts += _offer_parts(each)
        category = None
    else:
        parts = [*_offer_parts(offer), enterprise.name]
        category = offer.category
    text = " ".join(words(" ".join(p for p in parts if p)))
    return SearchDocument(
        enterprise=enterprise,
        company_id=enterprise.company_id,
        offer=offer,
        category=category,
        region=enterprise.region_served,
        text=text,
        stems=" ".join(stem(w) for w in text.split()),
    )


def _stem_entries(vocabulary) -> set[str]:
    """Stems that are no indexed word themselves, for correcting typos against: "kerstpaket" is
    two edits from no word of "Kerstpakketten", but one from its stem "kerstpakket". Only stems
    that stem to themselves, so searching for one finds its words on both engines."""
    stems = set()
    for word in vocabulary:
        root = stem(word)
        if root != word and len(root) >= 4 and stem(root) == root:
            stems.add(root)
    return stems - set(vocabulary)


def _vocabulary_rows(counts: dict[str, int]) -> list[SearchWord]:
    """Indexed words with their number of documents, and their stems with 0 (so a real word wins
    a tie when correcting, and `understand` can tell them apart)."""
    rows = [
        SearchWord(word=w, first=w[0], last=w[-1], length=len(w), documents=n)
        for w, n in counts.items()
        if len(w) <= 60
    ]
    rows += [
        SearchWord(word=s, first=s[0], last=s[-1], length=len(s), documents=0)
        for s in _stem_entries(counts)
        if len(s) <= 60
    ]
    return rows


def _add_vocabulary(documents: list[SearchDocument]) -> None:
    vocabulary = {w for document in documents for w in document.text.split() if len(w) <= 60}
    # A word already known only as a stem becomes a real word.
    SearchWord.objects.filter(word__in=vocabulary, documents=0).update(documents=1)
    SearchWord.objects.bulk_create(
        _vocabulary_rows(dict.fromkeys(vocabulary, 1)),
        ignore_conflicts=True,
        batch_size=2000,
    )


@transaction.atomic
def index_enterprise(enterprise: Enterprise) -> None:
    """Replace the enterprise's documents with its published profile and offers."""
    SearchDocument.objects.filter(enterprise=enterprise).delete()
    if not enterprise.is_published:
        return
    offers = (
        Offer.objects.published()
        .filter(enterprise=enterprise)
        .select_related("category__parent", "enterprise__company")
    )
    offers = list(offers)
    documents = [_document(enterprise, None, offers)] + [_document(enterprise, o) for o in offers]
    SearchDocument.objects.bulk_create(documents)
    _add_vocabulary(documents)


@transaction.atomic
def rebuild_index(batch: int = 2000) -> int:
    """Rebuild every document and the vocabulary (after a bulk load, or to drop stale words)."""
    SearchDocument.objects.all().delete()
    SearchWord.objects.all().delete()
    enterprises = Enterprise.objects.published().select_related("company").order_by("pk")
    offers_by_enterprise: dict[int, list[Offer]] = {}
    for offer in Offer.objects.published().select_related("category__parent").order_by("pk"):
        offers_by_enterprise.setdefault(offer.enterprise_id, []).append(offer)
    counts: dict[str, int] = {}
    pending: list[SearchDocument] = []
    total = 0
    # The enterprises' documents first, then the offers': a search without a category reads
    # only the first kind, and on PostgreSQL it then finds them side by side on a few pages
    # instead of one on every page among the offers (issue 15, item 19).
    for offers_too in (False, True):
        for enterprise in enterprises.iterator(chunk_size=batch):
            offers = offers_by_enterprise.get(enterprise.pk, [])
            if offers_too:
                pending += [_document(enterprise, o) for o in offers]
            else:
                pending.append(_document(enterprise, None, offers))
            if len(pending) >= batch:
                total += _flush(pending, counts)
        total += _flush(pending, counts)
    SearchWord.objects.bulk_create(_vocabulary_rows(counts), batch_size=5000)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in ("catalogue_fts", "catalogue_fts_enterprise"):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")  # noqa: S608
        # Fresh planner statistics: without them PostgreSQL guesses one row for the policy's
        # qualifications and ranks by nested loops, twice as slow (issue 15, item 19).
        cursor.execute("ANALYZE catalogue_searchdocument")
        cursor.execute("ANALYZE catalogue_searchword")
    return total


def _flush(pending: list[SearchDocument], counts: dict[str, int]) -> int:
    for document in pending:
        for w in set(document.text.split()):
            counts[w] = counts.get(w, 0) + 1
    SearchDocument.objects.bulk_create(pending)
    written = len(pending)
    pending.clear()
    return written


# Querying ------------------------------------------------------------------------------------


@dataclass
class Query:
    """The words searched for after correction, and what was corrected (shown to the user)."""

    words: list[str]
    corrections: dict[str, str] = field(default_factory=dict)
    prefix_last: bool = False


def understand(text: str) -> Query:
    typed = words(text)[:MAX_QUERY_WORDS]
    if not typed:
        return Query([])
    # Real words only: a stem typed in full is matched as a prefix (last word) or "corrected" to
    # itself, so "vergader" still finds "vergaderzaal".
    known = set(
        SearchWord.objects.filter(word__in=typed, documents__gt=0).values_list("word", flat=True)
    )
    result = Query([])
    for position, word in enumerate(typed):
        is_last = position == len(typed) - 1
        if word in known:
            result.words.append(word)
            continue
        if is_last and len(word) >= 3 and SearchWord.objects.filter(word__startswith=word).exists():
            result.words.append(word)
            result.prefix_last = True
            continue
        corrected = _correct(word)
        if corrected and corrected != word:
            result.corrections[word] = corrected
        result.words.append(corrected or word)
    return result


def _correct(word: str) -> str | None:
    allowed = _typo_allowance(word)
    if not allowed:
        return None
    low, high = len(word) - allowed, len(word) + allowed
    candidates = (
        SearchWord.objects.filter(length__range=(low, high))
        .filter(first=word[0])
        .values_list("word", "documents")
        .union(
            SearchWord.objects.filter(length__range=(low, high), last=word[-1]).values_list(
                "word", "documents"
            )
        )
    )
    best: tuple[int, int, str] | None = None
    for candidate, documents in candidates:
        distance = Levenshtein.distance(word, candidate, score_cutoff=allowed)
        if distance <= allowed:
            key = (distance, -documents, candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else None


@dataclass
class Hit:
    enterprise_id: int
    rank: float
    # The preference group (`Preference.group_sql`): 0 is the organisation's short list.
    group: int = 2

    @property
    def is_recommended(self) -> bool:
        return self.group == 0


@dataclass
class Filters:
    category_ids: list[int] | None = None
    region: str = ""
    source: str = ""
    # An own category narrows its parent with words, searched together with the user's.
    extra_words: list[str] = field(default_factory=list)


def _filter_sql(filters: Filters, params: list) -> str:
    clauses = []
    if filters.category_ids is not None:
        clauses.append(f"d.category_id IN ({', '.join(['%s'] * len(filters.category_ids))})")
        params += filters.category_ids
    if filters.region:
        # Enterprises that deliver nationwide serve every region.
        clauses.append("(d.region = %s OR d.region = '')")
        params.append(filters.region)
    if filters.source:
        # "+": SQLite must not probe the ranking index with every enterprise of this list for
        # every match (seconds instead of milliseconds); it checks the list per match instead.
        clauses.append(
            "+d.enterprise_id IN (SELECT e.id FROM catalogue_enterprise e JOIN "
            "registry_qualification q ON q.company_id = e.company_id WHERE q.organisation_id "
            "IS NULL AND q.source = %s AND q.valid_from <= %s AND (q.valid_until IS NULL OR "
            "q.valid_until >= %s))"
        )
        today = timezone.localdate()
        params += [filters.source, today, today]
    return "".join(f" AND {clause}" for clause in clauses)


def _match_expression(query: Query, operator: str) -> str:
    """The engine's query text. Words are [a-z0-9]+ only, so nothing needs escaping."""
    if connection.vendor == "postgresql":
        terms = list(query.words)
        if query.prefix_last:
            terms[-1] += ":*"
        return f" {'&' if operator == 'AND' else '|'} ".join(terms)
    terms = [f'"{stem(w)}"' for w in query.words]
    if query.prefix_last:
        terms[-1] += "*"
    return f" {operator} ".join(terms)


@dataclass
class Preference:
    """Whom an organisation puts first, whatever the words: its short list (recommended
    enterprises), then enterprises that count as social under its policy, then the rest. Within
    each group the text decides. `counting_sql` selects company ids (with its parameters): the
    documents carry their enterprise's company, so no enterprise is joined to rank."""

    # Selects the enterprise ids of the short list (with its parameters): part of the ranking
    # query, so the short list costs no query of its own.
    recommended_sql: str = ""
    recommended_params: tuple = ()
    counting_sql: str = ""
    counting_params: tuple = ()
    # The organisation's accepted policy keys, read once for the page (None: not read).
    policy_keys: frozenset[str] | None = None

    def group_sql(self, params: list) -> str:
        """0 recommended, 1 counts under the policy, 2 the rest."""
        cases = []
        if self.recommended_sql:
            cases.append(f"WHEN enterprise_id IN ({self.recommended_sql}) THEN 0")
            params += list(self.recommended_params)
        if self.counting_sql:
            cases.append(f"WHEN company_id IN ({self.counting_sql}) THEN 1")
            params += list(self.counting_params)
        return f"CASE {' '.join(cases)} ELSE 2 END" if cases else "2"


def ranked_enterprises(
    query: Query, filters: Filters, *, limit: int, offset: int, preference: Preference | None = None
):
    """Enterprises whose profile or offers match, best first, and how many there are."""
    combined = Query(filters.extra_words + query.words, query.corrections, query.prefix_last)
    preference = preference or Preference()
    for operator in ("AND", "OR"):
        hits, total = _run(combined, filters, operator, limit, offset, preference)
        if total or len(combined.words) < 2:
            return hits, total, operator
    return hits, total, operator


def _run(
    query: Query, filters: Filters, operator: str, limit: int, offset: int, preference: Preference
):
    group_params: list = []
    group = preference.group_sql(group_params)
    params: list = [_match_expression(query, operator)]
    # Without a category: the one document per enterprise; with one: the offers' documents.
    # Each kind has its own index (a partial GIN index, an FTS5 table), so neither is scanned
    # for the other.
    per_enterprise = filters.category_ids is None
    if connection.vendor == "postgresql":
        inner = (
            "SELECT d.enterprise_id, d.company_id, ts_rank(d.tsv, q.query) AS score "
            "FROM catalogue_searchdocument d, to_tsquery('dutch', %s) AS q(query) "
            "WHERE d.tsv @@ q.query AND d.offer_id "
            + ("IS NULL" if per_enterprise else "IS NOT NULL")
        )
        order = "DESC"
        best = "MAX(score)"
    else:
        table = "catalogue_fts_enterprise" if per_enterprise else "catalogue_fts"
        # The document's row holds its text before its enterprise, so reading the enterprise
        # from the row means reading the text too; the ranking index (migration 0008) holds
        # only the columns needed here, which halves the time for thousands of matches.
        inner = (
            f"SELECT d.enterprise_id, d.company_id, f.rank AS score FROM {table} f "  # noqa: S608
            f"JOIN catalogue_searchdocument d INDEXED BY {RANKING_INDEX} ON d.id = f.rowid "
            f"WHERE {table} MATCH %s"
        )
        order = "ASC"  # bm25: lower is better
        best = "MIN(score)"
    inner += _filter_sql(filters, params)
    if connection.vendor == "postgresql":
        # A fence: rank inside the subquery, so the rows counted and sorted above it carry the
        # score, not the tsvector (which made the count spill to disk for thousands of matches).
        inner += " OFFSET 0"
    # Only fixed SQL fragments are formatted in; every value is a parameter. An enterprise has
    # one document of its own, so only the offers' documents need grouping by enterprise.
    if per_enterprise:
        sql = (
            f"SELECT enterprise_id, score AS best, COUNT(*) OVER (), {group} AS grp "  # noqa: S608
            f"FROM ({inner}) AS hits "
            f"ORDER BY grp, best {order}, enterprise_id LIMIT %s OFFSET %s"
        )
    else:
        sql = (
            f"SELECT enterprise_id, {best} AS best, COUNT(*) OVER (), {group} AS grp "  # noqa: S608
            f"FROM ({inner}) AS hits "
            # An enterprise has one company: grouping by both keeps the groups.
            f"GROUP BY enterprise_id, company_id ORDER BY grp, best {order}, enterprise_id "
            f"LIMIT %s OFFSET %s"
        )
    params = [*group_params, *params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows:
        return [Hit(row[0], row[1], row[3]) for row in rows], rows[0][2]
    # A page past the end: the count comes from the first page.
    return [], (_run(query, filters, operator, 1, 0, Preference())[1] if offset else 0)


def matching_offers(query: Query, filters: Filters, enterprise_ids: list[int], operator: str):
    """The offers of these enterprises that match, for showing under each enterprise, by title:
    {enterprise id: [Offer with pk, title and price indication]}. Checked here on the stems of a
    few dozen documents, read with their offers in one query: cheaper than asking the index
    again."""
    words = filters.extra_words + query.words
    if not enterprise_ids or not words:
        return {}
    wanted = [stem(w) for w in words]
    documents = SearchDocument.objects.filter(
        enterprise_id__in=enterprise_ids, offer_id__isnull=False
    )
    if filters.category_ids is not None:
        documents = documents.filter(category_id__in=filters.category_ids)
    found: dict[int, list[Offer]] = {}
    rows = documents.values_list(
        "offer_id", "stems", "enterprise_id", "offer__title", "offer__price_indication"
    )
    for offer_id, stems, enterprise_id, title, price in rows:
        present = set(stems.split())
        hits = [
            term in present
            or (query.prefix_last and position == len(wanted) - 1 and _has_prefix(present, term))
            for position, term in enumerate(wanted)
        ]
        if all(hits) if operator == "AND" else any(hits):
            offer = Offer(pk=offer_id, enterprise_id=enterprise_id, title=title)
            offer.price_indication = price
            found.setdefault(enterprise_id, []).append(offer)
    for offers in found.values():
        offers.sort(key=lambda o: (o.title, o.pk))
    return found


def _has_prefix(present: set[str], prefix: str) -> bool:
    return any(word.startswith(prefix) for word in present)
