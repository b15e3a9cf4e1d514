"""Ending every session of a person at once, through Django's session store.

Accounts sits below the signin app in the layers and may not read its rows, so the sessions are
found in the store itself: a row holds the signed-in user only inside its encoded data. Ending
them is rare (an administrator shuts a person out), so decoding the unexpired rows is affordable.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions_of(user) -> int:
    """Delete every unexpired session signed in as `user`; the number ended. With a session
    engine that keeps no `Session` rows (cookies, cache only) there is nothing to find here: the
    caller also switches the account off, which Django checks on every request."""
    user_id = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    # Through the engine's own store, so a cached_db engine forgets its cached copy as well.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(key).delete()
    return len(keys)
