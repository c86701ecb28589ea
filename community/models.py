"""The community app's models, gathered for Django; each lives in the room for its concern."""

from community.accounts.models import Profile, display_name, profile_of
from community.discussion.models import BlockedAuthor, Comment, CommentEdit
from community.feedback.models import Feedback
from community.feedback.pages import ContactFormField, ContactPage
from community.forum.models import Topic, TopicFollow, TopicQuerySet
from community.forum.pages import ForumBoardPage, ForumIndexPage
from community.progress.models import ModuleProgress

__all__ = [
    "BlockedAuthor",
    "Comment",
    "CommentEdit",
    "ContactFormField",
    "ContactPage",
    "Feedback",
    "ForumBoardPage",
    "ForumIndexPage",
    "ModuleProgress",
    "Profile",
    "Topic",
    "TopicFollow",
    "TopicQuerySet",
    "display_name",
    "profile_of",
]
