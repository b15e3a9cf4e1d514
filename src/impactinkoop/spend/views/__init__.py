"""The pages of spend, one module per sub-area: ledger imports (`imports`), suppliers and the
review queue of proposed links (`linking`), the dashboard, frozen baselines and the board PDF
(`baseline`), the lines behind a figure and every download (`drilldown`), and `base` for what
they share."""
