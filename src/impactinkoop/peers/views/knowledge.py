"""knowledge pages."""

urlpatterns = []
