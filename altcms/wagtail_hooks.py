from django.urls import path

from wagtail import hooks

from wagtail_modeladmin.options import modeladmin_register

from altcms.admin import OutgoingEmailAdmin, OutgoingEmailPanel, send_again
from altcms.content.page_links import PrefetchingPageLinkHandler
from altcms.content.spreadsheet import escape_formulas_in_admin_exports


@hooks.register("register_rich_text_features", order=1000)
def register_prefetching_page_links(features):
    # Runs after Wagtail's own registration, so it replaces the default "page" link handler.
    features.register_link_type(PrefetchingPageLinkHandler)


# Outgoing email: what the site sent or could not send (altcms.admin, altcms.ops.mail).
modeladmin_register(OutgoingEmailAdmin)


@hooks.register("register_admin_urls")
def register_outgoing_email_urls():
    return [
        path(
            "outgoing-email/<int:email_id>/send-again/",
            send_again,
            name="altcms_outgoing_email_send_again",
        )
    ]


@hooks.register("construct_homepage_panels")
def add_outgoing_email_panel(request, panels):
    if request.user.has_perm("altcms.view_outgoingemail"):
        panels.append(OutgoingEmailPanel(request))


# CSV exports from the admin never carry a live spreadsheet formula (altcms.content.spreadsheet).
escape_formulas_in_admin_exports()
