"""Citation downloads for research articles: BibTeX and RIS.

Every value is put on one line first: RIS is one tag per line, so a line break in a title or
keyword would add lines (tags) of its own. Links are built on SITE_URL."""

import re

from django.http import HttpResponse
from django.utils.text import slugify

from altcms.http import siteurl

JOURNAL = "ALT Training Online"


def _key(article):
    first = article.author_people[0].name.split()[-1] if article.author_people else "alt"
    return f"{slugify(first) or 'alt'}{article.date.year}{slugify(article.title)[:20]}"


def _line(text):
    """One line: every line break and other control character becomes a space."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85]", " ", str(text)).split())


def _bibtex_escape(text):
    return re.sub(r"([{}\\&%$#_])", r"\\\1", _line(text))


def bibtex(article, url):
    fields = {
        "author": " and ".join(person.name for person in article.author_people),
        "title": article.title,
        "journal": JOURNAL,
        "year": str(article.date.year),
        "month": article.date.strftime("%b").lower(),
        "url": url,
        "keywords": ", ".join(tag.name for tag in article.keywords.all()),
        "abstract": " ".join(article.abstract.split()),
        "copyright": article.licence,
    }
    if article.doi:
        fields["doi"] = article.doi
    lines = [f"@article{{{_key(article)},"]
    lines += [f"  {name} = {{{_bibtex_escape(value)}}}," for name, value in fields.items() if value]
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(article, url):
    lines = ["TY  - JOUR"]
    lines += [f"AU  - {_line(person.name)}" for person in article.author_people]
    lines += [
        f"TI  - {_line(article.title)}",
        f"JO  - {JOURNAL}",
        f"PY  - {article.date.year}",
        f"DA  - {article.date:%Y/%m/%d}",
        f"UR  - {_line(url)}",
        f"AB  - {_line(article.abstract)}",
    ]
    lines += [f"KW  - {_line(tag.name)}" for tag in article.keywords.all()]
    if article.doi:
        lines.append(f"DO  - {_line(article.doi)}")
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def _download(text, content_type, filename):
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def bibtex_response(article, request):
    return _download(
        bibtex(article, siteurl.absolute(article.url)),
        "application/x-bibtex; charset=utf-8",
        f"{article.slug}.bib",
    )


def ris_response(article, request):
    return _download(
        ris(article, siteurl.absolute(article.url)),
        "application/x-research-info-systems; charset=utf-8",
        f"{article.slug}.ris",
    )
