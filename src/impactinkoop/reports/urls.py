"""The results pages: inside the organisation under `o/<org_slug>/results/`, the public impact
page under `impact/<org_slug>/`. Each views module lists its own routes."""

from .views import evaluation, overview, public, report, stories

app_name = "reports"

urlpatterns = (
    overview.urlpatterns
    + evaluation.urlpatterns
    + report.urlpatterns
    + stories.urlpatterns
    + public.urlpatterns
)
