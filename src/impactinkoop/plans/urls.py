from django.urls import path

from impactinkoop.core.urls import ORG

from . import views

app_name = "plans"

PLAN = ORG + "plan/"

urlpatterns = [
    path(PLAN, views.overview, name="overview"),
    path(PLAN + "themes/", views.themes, name="themes"),
    path(PLAN + "themes/new/", views.theme_edit, name="theme_new"),
    path(PLAN + "themes/<int:pk>/", views.theme_edit, name="theme_edit"),
    path(PLAN + "themes/<int:pk>/choose/", views.theme_choose, name="theme_choose"),
    path(PLAN + "matrix/", views.matrix, name="matrix"),
    path(PLAN + "matrix/<int:pk>/", views.matrix_row, name="matrix_row"),
    path(PLAN + "sessions/", views.sessions, name="sessions"),
    path(PLAN + "sessions/new/", views.session_edit, name="session_new"),
    path(PLAN + "sessions/compare/", views.session_compare, name="session_compare"),
    path(PLAN + "sessions/compare/pdf/", views.session_compare_pdf, name="session_compare_pdf"),
    path(PLAN + "sessions/<int:pk>/", views.session_detail, name="session"),
    path(PLAN + "sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(PLAN + "sessions/<int:pk>/pdf/", views.session_pdf, name="session_pdf"),
    path(PLAN + "goals/", views.goals, name="goals"),
    path(PLAN + "goals/new/", views.goal_edit, name="goal_new"),
    path(PLAN + "goals/<int:pk>/", views.goal_detail, name="goal"),
    path(PLAN + "goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path(PLAN + "goals/<int:pk>/evidence/<int:entry>/", views.evidence_file, name="evidence"),
    path(PLAN + "actions/", views.actions, name="actions"),
    path(PLAN + "actions/new/", views.action_edit, name="action_new"),
    path(PLAN + "actions/pdf/", views.plan_pdf, name="plan_pdf"),
    path(PLAN + "actions/<int:pk>/", views.action_edit, name="action_edit"),
    path(PLAN + "actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
    path(PLAN + "steps/", views.checklists, name="checklists"),
    path(PLAN + "steps/<slug:plan>/<int:number>/", views.checklist_step, name="checklist_step"),
    path(PLAN + "team/", views.team, name="team"),
    path(PLAN + "team/new/", views.team_edit, name="team_new"),
    path(PLAN + "team/<int:pk>/", views.team_edit, name="team_edit"),
    path(PLAN + "team/<int:pk>/delete/", views.team_delete, name="team_delete"),
    path(PLAN + "documents/", views.documents, name="documents"),
    path(PLAN + "documents/new/", views.document_edit, name="document_new"),
    path(PLAN + "documents/<int:pk>/", views.document_edit, name="document_edit"),
    path(PLAN + "documents/<int:pk>/passages/new/", views.passage_edit, name="passage_new"),
    path(
        PLAN + "documents/<int:pk>/passages/<int:passage>/",
        views.passage_edit,
        name="passage_edit",
    ),
    path(
        PLAN + "documents/<int:pk>/passages/<int:passage>/delete/",
        views.passage_delete,
        name="passage_delete",
    ),
    path(PLAN + "goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path(PLAN + "sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path(PLAN + "documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
]
