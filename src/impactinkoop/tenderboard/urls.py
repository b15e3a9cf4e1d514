from django.urls import path

from impactinkoop.core.urls import ORG

from . import views

app_name = "tenderboard"

BOARD = ORG + "tenderboard/"

urlpatterns = [
    path(BOARD, views.queue, name="queue"),
    path(BOARD + "tenders/<int:pk>/", views.tender_reviews, name="tender"),
    path(BOARD + "tenders/<int:pk>/submit/", views.tender_submit, name="submit"),
    path(BOARD + "submissions/<int:pk>/advise/", views.submission_advise, name="advise"),
]
