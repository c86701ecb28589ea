"""People: a member's pages, which gather every room: /community/me/, public profiles, deleting
an account, and where a member's name appears (for the caches). The top room."""
