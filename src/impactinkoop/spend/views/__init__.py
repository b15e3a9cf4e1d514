"""The pages of spend, one module per sub-area: ledger imports (`imports`) and the baseline
(`baseline`)."""
