from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """An email backend whose server refuses every connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


seen = []


class StoredFirstBackend(BaseEmailBackend):
    """Records, at the moment of sending, whether the comment is already in the database."""

    def send_messages(self, email_messages):
        from community.models import Comment

        seen.append(Comment.objects.filter(comment="Stored before sending").exists())
        return len(email_messages)
