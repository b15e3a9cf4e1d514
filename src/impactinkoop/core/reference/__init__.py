"""Reference data the product ships (CPV, eForms code lists, the OCDS schemas) and the OCDS
format layer: plain Python over data files, no models (decision 0019)."""
