from django.apps import AppConfig


class AltcmsConfig(AppConfig):
    name = "altcms"
    verbose_name = "ALT Training Online"

    def ready(self):
        import logging

        from altcms.http.middleware import request_id_var

        # Every log record, whoever logs it and wherever it goes, carries the request's id.
        make_record = logging.getLogRecordFactory()

        def record_with_request_id(*args, **kwargs):
            record = make_record(*args, **kwargs)
            record.request_id = request_id_var.get()
            return record

        logging.setLogRecordFactory(record_with_request_id)

        from django.db.models.signals import post_migrate

        from altcms.caching import changes

        # Every change a reader can see makes stale what it names (altcms.caching.changes);
        # a release (its migrations run) may render everything differently.
        changes.connect()
        post_migrate.connect(changes.after_migrate, sender=self, dispatch_uid="caching-migrate")
