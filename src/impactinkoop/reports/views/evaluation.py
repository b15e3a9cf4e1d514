"""Routes of this sub-area (filled in by its pages)."""

urlpatterns: list = []
