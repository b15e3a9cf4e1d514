from django.urls import path

from impactinkoop.core.urls import ORG

from . import contractor_views, import_views, monitoring_views, review_views, views

app_name = "sroi"

SROI = ORG + "social-return/"
# The contractor portal: a scope of its own (`tenancy.contractor_view`), never under o/<slug>/.
CONTRACTOR = "contractor/"

urlpatterns = [
    path(SROI, views.obligation_list, name="obligations"),
    path(SROI + "monitoring/", monitoring_views.monitoring_page, name="monitoring"),
    path(
        SROI + "monitoring/export.<str:fmt>",
        monitoring_views.monitoring_export,
        name="monitoring_export",
    ),
    path(SROI + "import/", import_views.import_start, name="import_start"),
    path(SROI + "import/<int:pk>/", import_views.import_mapping, name="import_mapping"),
    path(SROI + "import/<int:pk>/review/", import_views.import_review, name="import_review"),
    path(SROI + "import/<int:pk>/commit/", import_views.import_commit, name="import_commit"),
    path(SROI + "import/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
    path(SROI + "tables/", views.rule_sets, name="rule_sets"),
    path(SROI + "tables/load/", views.rule_sets_load, name="rule_sets_load"),
    path(SROI + "tables/<int:pk>/", views.rule_set_detail, name="rule_set"),
    path(SROI + "tables/<int:pk>/edit/", views.rule_set_edit, name="rule_set_edit"),
    path(SROI + "tables/<int:pk>/copy/", views.rule_set_copy, name="rule_set_copy"),
    path(SROI + "tables/<int:pk>/blocks/new/", views.block_edit, name="block_new"),
    path(SROI + "tables/<int:pk>/blocks/<int:block>/", views.block_edit, name="block_edit"),
    path(SROI + "contracts/<int:contract>/new/", views.obligation_new, name="obligation_new"),
    path(SROI + "<int:pk>/", views.obligation_detail, name="obligation"),
    path(SROI + "<int:pk>/edit/", views.obligation_edit, name="obligation_edit"),
    path(SROI + "<int:pk>/realisations/new/", views.realisation_new, name="realisation_new"),
    path(SROI + "review/", review_views.review_queue, name="review_queue"),
    path(
        SROI + "<int:pk>/realisations/<int:realisation>/",
        review_views.realisation_review,
        name="realisation_review",
    ),
    path(
        SROI + "<int:pk>/realisations/<int:realisation>/accept/",
        review_views.realisation_accept,
        name="realisation_accept",
    ),
    path(
        SROI + "<int:pk>/contractors/invite/",
        contractor_views.contractor_invite,
        name="contractor_invite",
    ),
    path(
        SROI + "<int:pk>/contractors/<int:access>/withdraw/",
        contractor_views.contractor_withdraw,
        name="contractor_withdraw",
    ),
    path(
        SROI + "<int:pk>/contractors/invitations/<int:invitation>/withdraw/",
        contractor_views.contractor_invitation_withdraw,
        name="contractor_invitation_withdraw",
    ),
    path(CONTRACTOR, contractor_views.home, name="contractor_home"),
    path(CONTRACTOR + "report/", contractor_views.report, name="contractor_report"),
    path(
        CONTRACTOR + "realisations/<int:pk>/",
        contractor_views.realisation_detail,
        name="contractor_realisation",
    ),
    path(
        CONTRACTOR + "realisations/<int:pk>/answer/",
        contractor_views.realisation_answer,
        name="contractor_answer",
    ),
    path(
        CONTRACTOR + "realisations/<int:pk>/follow-up/",
        contractor_views.realisation_follow_up,
        name="contractor_follow_up",
    ),
    path(
        CONTRACTOR + "realisations/<int:pk>/resubmit/",
        contractor_views.realisation_resubmit,
        name="contractor_resubmit",
    ),
    path(
        CONTRACTOR + "realisations/<int:pk>/evidence/<int:evidence>/",
        contractor_views.evidence_file,
        name="contractor_evidence",
    ),
    path(
        SROI + "<int:pk>/realisations/<int:realisation>/reject/",
        review_views.realisation_reject,
        name="realisation_reject",
    ),
    path(
        SROI + "<int:pk>/realisations/<int:realisation>/answer/",
        review_views.realisation_answer,
        name="realisation_answer",
    ),
    path(
        SROI + "<int:pk>/realisations/<int:realisation>/split/",
        review_views.realisation_split,
        name="realisation_split",
    ),
    path(
        SROI + "<int:pk>/realisations/<int:realisation>/evidence/<int:evidence>/",
        review_views.realisation_evidence,
        name="realisation_evidence",
    ),
]
