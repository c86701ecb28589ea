from django.urls import path

from community import account_views

app_name = "community"

urlpatterns = [
    path("me/", account_views.me, name="me"),
    path("me/profile/", account_views.edit_profile, name="edit_profile"),
    path("me/portfolio.md", account_views.portfolio_markdown, name="portfolio_markdown"),
    path("me/portfolio.pdf", account_views.portfolio_pdf, name="portfolio_pdf"),
    path("me/delete/", account_views.delete_account, name="delete_account"),
    path("people/<str:username>/", account_views.person, name="person"),
    path("progress/", account_views.progress, name="progress"),
    path("progress/merge/", account_views.merge_progress, name="merge_progress"),
    path("unfollow/<str:token>/", account_views.unfollow, name="unfollow"),
]
