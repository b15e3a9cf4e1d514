"""Writes in the catalogue, one module per sub-area: enterprises and their editors
(`enterprises`), the changes they propose and curators decide (`revisions`), an organisation's
short lists and own categories (`shortlists`), and quote requests (`quotes`). Recorded purchases
are written in `catalogue.purchases`.

Each write runs in one transaction, locks the row it changes before it reads the "before" of its
audit entry, and writes that entry. Writes of an organisation take keyword-only `actor` and
`organisation`; an enterprise's editors and the platform's curators act outside any
organisation, so their writes take `actor` only."""
