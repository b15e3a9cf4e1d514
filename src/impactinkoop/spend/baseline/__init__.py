"""The baseline (nulmeting): its figures, computed from the monthly summary and kept per data
version (`figures`), periods (`periods`), the sentences that explain them (`explain`), the
drill-down's breakdown by supplier and category (`drilldown`) and the lines behind a figure
with their downloads (`line_exports`)."""
