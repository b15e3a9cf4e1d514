"""The ledger import: reading and checking a ledger export (`importing`, `columns`), which
supplier each row belongs to (`supplier_keys`), currencies and exchange rates (`currency`),
writing the lines in bulk (`writer`), the monthly summary each import writes (`summary`) and the
one-time repair of merged suppliers (`splitting`)."""
