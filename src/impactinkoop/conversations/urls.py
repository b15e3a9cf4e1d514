from django.urls import path

from impactinkoop.core.urls import ORG

from . import views

app_name = "conversations"

TALKS = ORG + "supplier-conversations/"

urlpatterns = [
    path(TALKS, views.conversation_list, name="conversations"),
    path(TALKS + "priorities/", views.priority_list, name="priorities"),
    path(TALKS + "new/", views.conversation_new, name="conversation_new"),
    path(TALKS + "<int:pk>/", views.conversation_detail, name="conversation"),
    path(TALKS + "<int:pk>/commitments/", views.commitment_new, name="commitment_new"),
    path(TALKS + "commitments/", views.commitment_list, name="commitments"),
    path(TALKS + "commitments/<int:pk>/status/", views.commitment_status, name="commitment_status"),
    path(TALKS + "commitments/<int:pk>/action/", views.commitment_action, name="commitment_action"),
    path(
        TALKS + "commitments/<int:pk>/measure/", views.commitment_measure, name="commitment_measure"
    ),
]
