"""Filled in by issue 26."""

urlpatterns = []
