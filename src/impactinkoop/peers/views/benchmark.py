"""benchmark pages."""

urlpatterns = []
