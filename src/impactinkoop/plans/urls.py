from django.urls import path

from impactinkoop.core.urls import ORG

from .views import ambition, annual_plan, documents, goals, overview, team, themes

app_name = "plans"

PLAN = ORG + "plan/"

urlpatterns = [
    path(PLAN, overview.overview, name="overview"),
    path(PLAN + "themes/", themes.themes, name="themes"),
    path(PLAN + "themes/new/", themes.theme_edit, name="theme_new"),
    path(PLAN + "themes/<int:pk>/", themes.theme_edit, name="theme_edit"),
    path(PLAN + "themes/<int:pk>/choose/", themes.theme_choose, name="theme_choose"),
    path(PLAN + "matrix/", themes.matrix, name="matrix"),
    path(PLAN + "matrix/<int:pk>/", themes.matrix_row, name="matrix_row"),
    path(PLAN + "sessions/", ambition.sessions, name="sessions"),
    path(PLAN + "sessions/new/", ambition.session_edit, name="session_new"),
    path(PLAN + "sessions/compare/", ambition.session_compare, name="session_compare"),
    path(PLAN + "sessions/compare/pdf/", ambition.session_compare_pdf, name="session_compare_pdf"),
    path(PLAN + "sessions/<int:pk>/", ambition.session_detail, name="session"),
    path(PLAN + "sessions/<int:pk>/edit/", ambition.session_edit, name="session_edit"),
    path(PLAN + "sessions/<int:pk>/pdf/", ambition.session_pdf, name="session_pdf"),
    path(PLAN + "goals/", goals.goals, name="goals"),
    path(PLAN + "goals/new/", goals.goal_edit, name="goal_new"),
    path(PLAN + "goals/<int:pk>/", goals.goal_detail, name="goal"),
    path(PLAN + "goals/<int:pk>/edit/", goals.goal_edit, name="goal_edit"),
    path(PLAN + "goals/<int:pk>/evidence/<int:entry>/", goals.evidence_file, name="evidence"),
    path(PLAN + "actions/", annual_plan.actions, name="actions"),
    path(PLAN + "actions/new/", annual_plan.action_edit, name="action_new"),
    path(PLAN + "actions/pdf/", annual_plan.plan_pdf, name="plan_pdf"),
    path(PLAN + "actions/<int:pk>/", annual_plan.action_edit, name="action_edit"),
    path(PLAN + "actions/<int:pk>/delete/", annual_plan.action_delete, name="action_delete"),
    path(PLAN + "steps/", overview.checklists, name="checklists"),
    path(PLAN + "steps/<slug:plan>/<int:number>/", overview.checklist_step, name="checklist_step"),
    path(PLAN + "team/", team.team, name="team"),
    path(PLAN + "team/new/", team.team_edit, name="team_new"),
    path(PLAN + "team/<int:pk>/", team.team_edit, name="team_edit"),
    path(PLAN + "team/<int:pk>/delete/", team.team_delete, name="team_delete"),
    path(PLAN + "documents/", documents.documents, name="documents"),
    path(PLAN + "documents/new/", documents.document_edit, name="document_new"),
    path(PLAN + "documents/<int:pk>/", documents.document_edit, name="document_edit"),
    path(PLAN + "documents/<int:pk>/passages/new/", documents.passage_edit, name="passage_new"),
    path(
        PLAN + "documents/<int:pk>/passages/<int:passage>/",
        documents.passage_edit,
        name="passage_edit",
    ),
    path(
        PLAN + "documents/<int:pk>/passages/<int:passage>/delete/",
        documents.passage_delete,
        name="passage_delete",
    ),
    path(PLAN + "goals/<int:pk>/delete/", goals.goal_delete, name="goal_delete"),
    path(PLAN + "sessions/<int:pk>/delete/", ambition.session_delete, name="session_delete"),
    path(PLAN + "documents/<int:pk>/delete/", documents.document_delete, name="document_delete"),
]
