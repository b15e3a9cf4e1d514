"""Rate limits per token, counted in the database so every process shares them; the same rows
count a token's calls per hour (reads are counted, not logged one by one)."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from .models import ApiToken, ApiUsage


def _minute(now):
    return now.replace(second=0, microsecond=0)


def count_call(token: ApiToken, *, write: bool, now=None) -> int:
    """Count one call in the token's current minute and return the minute's calls so far.

    One INSERT ... ON CONFLICT ... RETURNING (SQLite 3.35 and PostgreSQL alike): two processes
    counting at the same moment both count, and neither reads a number the other has not yet
    added to."""
    minute = _minute(now or timezone.now())
    # Only our own table's and columns' names go into the text; the values are parameters.
    table = connection.ops.quote_name(ApiUsage._meta.db_table)
    column = "writes" if write else "reads"
    with connection.cursor() as cursor:
        sql = (
            f"INSERT INTO {table} (token_id, minute, reads, writes) VALUES (%s, %s, %s, %s) "  # noqa: S608
            f"ON CONFLICT (token_id, minute) DO UPDATE SET {column} = {table}.{column} + 1 "
            "RETURNING reads + writes"
        )
        cursor.execute(sql, [token.pk, minute, 0 if write else 1, 1 if write else 0])
        return cursor.fetchone()[0]


def limit_per_minute() -> int:
    return settings.API_RATE_LIMIT_PER_MINUTE


def seconds_to_next_minute(now=None) -> int:
    now = now or timezone.now()
    return 60 - now.second


def hourly_usage(token: ApiToken, hours: int = 24, now=None) -> list[dict]:
    """The token's reads and writes per hour over the last `hours` hours, newest first, hours
    without calls left out."""
    now = now or timezone.now()
    since = _minute(now).replace(minute=0) - timedelta(hours=hours - 1)
    counts: dict = {}
    rows = ApiUsage.objects.filter(token=token, minute__gte=since).values_list(
        "minute", "reads", "writes"
    )
    for minute, reads, writes in rows:
        hour = timezone.localtime(minute).replace(minute=0)
        total = counts.setdefault(hour, [0, 0])
        total[0] += reads
        total[1] += writes
    return [
        {"hour": hour, "reads": reads, "writes": writes}
        for hour, (reads, writes) in sorted(counts.items(), reverse=True)
    ]


def totals(tokens) -> dict[int, int]:
    """Calls of each token in the last 24 hours, for the tokens list."""
    since = timezone.now() - timedelta(hours=24)
    rows = (
        ApiUsage.objects.filter(token__in=tokens, minute__gte=since)
        .values("token")
        .annotate(reads=Sum("reads"), writes=Sum("writes"))
    )
    return {row["token"]: row["reads"] + row["writes"] for row in rows}


def forget_old_usage(days: int = 90) -> int:
    """Minutes older than `days` are no longer shown anywhere."""
    deleted, _ = ApiUsage.objects.filter(minute__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
