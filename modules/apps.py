from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = "Course modules"

    def ready(self):
        from modules.models import Reading

        post_save.connect(reindex_reading_list, sender=Reading)
        post_delete.connect(reindex_reading_list, sender=Reading)


def reindex_reading_list(instance, **kwargs):
    """The Resources page lists every reading, and modules are found by the readings they cite:
    keep their search entries in step with a changed reading."""
    from wagtail.search import index

    from modules.models import ModulePage, ResourceIndexPage

    pages = list(ResourceIndexPage.objects.all())
    if instance.pk is not None:
        pages += ModulePage.objects.filter(readings__reading=instance).distinct()
    for page in pages:
        index.insert_or_update_object(page)
