"""The API's background job kinds, found by `core.apps` at start-up like every app's `jobs`
module: the ledger push (`views.ledgers.push_ledger`), registered where it is defined."""

from .views import ledgers  # noqa: F401
