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


class SelfCheckPass(models.Model):
    """A module's self-check a member passed and recorded in their progress: the module's own
    pass rule (modules.self_check), graded on the server from the answers they sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_check_passes"
    )
    module = models.ForeignKey("modules.ModulePage", on_delete=models.CASCADE, related_name="+")
    passed_at = models.DateTimeField(default=timezone.now)
    score = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "self-check pass"
        verbose_name_plural = "self-check passes"
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_self_check_pass")
        ]

    def __str__(self):
        return f"{self.user} passed the self-check of {self.module_id} ({self.score}/{self.total})"
