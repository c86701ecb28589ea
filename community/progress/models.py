"""The modules a member has marked as done."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ModuleProgress(models.Model):
    """A module an ALT has marked as done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey("modules.ModulePage", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "module progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_module_progress")
        ]

    def __str__(self):
        return f"{self.user} finished {self.module_id}"
