from ..test_tenancy import victim  # noqa: F401  (the tenancy walk's objects, for the same walk)
