"""Discussion: comments under modules, blog posts and forum topics. Models, markup, the posting
policy (posting.py), reading a page's threads (reading.py), writing (views.py), notifications,
moderation and its admin. Depends on accounts only."""
