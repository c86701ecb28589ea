"""Running the site: the email queue, backups, storage for uploads, and the dependency audit."""
