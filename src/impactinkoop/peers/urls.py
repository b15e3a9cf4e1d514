"""The peers pages: the benchmark, the case library and the knowledge inside the organisation
under `o/<org_slug>/peers/`; the intervision groups, which span organisations, under `groups/`.
Each views module lists its own routes."""

from .views import benchmark, groups, knowledge, library

app_name = "peers"

urlpatterns = (
    benchmark.urlpatterns + library.urlpatterns + knowledge.urlpatterns + groups.urlpatterns
)
