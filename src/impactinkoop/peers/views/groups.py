"""groups pages."""

urlpatterns = []
