"""The real URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from impactinkoop.urls import handler500  # noqa: F401
from impactinkoop.urls import urlpatterns as real_urlpatterns


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("kapot/", broken), *real_urlpatterns]
