"""library pages."""

urlpatterns = []
