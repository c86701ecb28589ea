from django.urls import path

from community.discussion import preview, views

app_name = "discussion"

urlpatterns = [
    path("post/", views.post_comment, name="post"),
    path("preview/", preview.preview_comment, name="preview"),
    path("check-your-email/", views.check_email, name="check_email"),
    path("confirm/<str:token>/", views.confirm_comment, name="confirm"),
    path("mute/<str:token>/", views.mute_thread, name="mute"),
    path("c/<int:comment_id>/", views.permalink, name="permalink"),
    path("c/<int:comment_id>/edit/", views.edit_comment, name="edit"),
    path("c/<int:comment_id>/delete/", views.delete_comment, name="delete"),
    path("c/<int:comment_id>/report/", views.report_comment, name="report"),
]
