from django.urls import path

from community.accounts import views as accounts
from community.forum import views as forum
from community.people import views as people
from community.progress import views as progress

app_name = "community"

urlpatterns = [
    path("me/", people.me, name="me"),
    path("me/profile/", accounts.edit_profile, name="edit_profile"),
    path("me/portfolio.md", progress.portfolio_markdown, name="portfolio_markdown"),
    path("me/portfolio.pdf", progress.portfolio_pdf, name="portfolio_pdf"),
    path("me/delete/", people.delete_account, name="delete_account"),
    path("people/<str:username>/", people.person, name="person"),
    path("progress/", progress.progress, name="progress"),
    path("progress/merge/", progress.merge_progress, name="merge_progress"),
    path("unfollow/<str:token>/", forum.unfollow, name="unfollow"),
]
