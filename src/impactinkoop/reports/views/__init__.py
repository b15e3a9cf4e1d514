"""The results pages, one module per sub-area; each module lists its own routes in
`urlpatterns`, which `reports.urls` joins."""
