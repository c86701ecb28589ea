"""Every cache the site keeps, in one scheme.

- `store`: entries in the shared cache (Redis, or the database cache), each tagged with the
  addresses it shows and stale as soon as one of its tags is invalidated.
- `addresses`: what caches are keyed by and what a change names (exact addresses, whole
  folders, everything), and the tags of an address.
- `changes`: the one list of what readers can see change and what each change makes stale,
  and the receivers that apply it (every model is VISIBLE or QUIET).
- `purge`: applying a change to the in-app caches and the frontend cache (Varnish, a CDN).
- `pages`: whole pages for readers who are not signed in, and the Cache-Control headers a
  frontend cache follows.
- `routes`: Wagtail's routing and the request's site, from the shared cache.
- `fragments`: rendered parts of pages that are the same for every reader.
- `chrome`: the header and footer.
"""
