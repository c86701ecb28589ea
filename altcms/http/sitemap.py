"""/sitemap.xml: every live, public page in each interface language, with its alternates.

Wagtail's sitemap lists each page once, in the language of the request (English: the sitemap's
address has no language prefix). Django's own `i18n`/`alternates` options do not reach it, because
Wagtail replaces the loop that applies them (`_urls`), so the loop here does the same for pages:
each page's sitemap entries (`Page.get_sitemap_urls`) are taken once per language, under
`translation.override`, which gives /ja/… addresses (altcms.http.language), and every entry names
all of them as `<xhtml:link rel="alternate" hreflang=…>`, English as x-default. Private pages
(a view restriction on them or above them) and drafts are left out, as Wagtail leaves them out.

Addresses are on SITE_URL (altcms.http.siteurl), whatever host the request came on, like every
other address that leaves the site. The response is a public page like any other: it is kept in
the page cache and made stale by every publish (altcms.caching.changes.SITEMAP).
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.utils import translation

from wagtail.contrib.sitemaps import Sitemap

from altcms.http import siteurl

X_DEFAULT = "x-default"


def on_site_url(location):
    """`location` on SITE_URL's scheme and host (unchanged when SITE_URL is not set)."""
    if not siteurl.site_url():
        return location
    bits = urlsplit(location)
    return siteurl.absolute(urlunsplit(("", "", bits.path, bits.query, bits.fragment)))


class PageSitemap(Sitemap):
    languages = [code for code, _name in settings.LANGUAGES]

    def _urls(self, page, protocol, domain):
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            # The page's entries in each language: the same entries, in the same order.
            entries = {}
            for language in self.languages:
                with translation.override(language):
                    entries[language] = item.get_sitemap_urls(self.request)
            default = entries[settings.LANGUAGE_CODE]
            for number, entry in enumerate(default):
                found = {code: on_site_url(entries[code][number]["location"]) for code in entries}
                alternates = [{"lang_code": code, "location": found[code]} for code in found]
                alternates.append(
                    {"lang_code": X_DEFAULT, "location": found[settings.LANGUAGE_CODE]}
                )
                for code in found:
                    urls.append(
                        {**entries[code][number], "location": found[code], "alternates": alternates}
                    )
                last_mods.add(entry.get("lastmod"))
        # Wagtail's rule: a Last-Modified header only when every entry has a date.
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
