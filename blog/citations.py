"""Citation downloads for research articles: BibTeX and RIS."""

import re

from django.http import HttpResponse
from django.utils.text import slugify

JOURNAL = "ALT Training Online"


def _key(article):
    first = article.author_people[0].name.split()[-1] if article.author_people else "alt"
    return f"{slugify(first) or 'alt'}{article.date.year}{slugify(article.title)[:20]}"


def _bibtex_escape(text):
    return re.sub(r"([{}\\&%$#_])", r"\\\1", text)


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
    lines += [f"AU  - {person.name}" for person in article.author_people]
    lines += [
        f"TI  - {article.title}",
        f"JO  - {JOURNAL}",
        f"PY  - {article.date.year}",
        f"DA  - {article.date:%Y/%m/%d}",
        f"UR  - {url}",
        f"AB  - {' '.join(article.abstract.split())}",
    ]
    lines += [f"KW  - {tag.name}" for tag in article.keywords.all()]
    if article.doi:
        lines.append(f"DO  - {article.doi}")
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def _download(text, content_type, filename):
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def bibtex_response(article, request):
    return _download(
        bibtex(article, request.build_absolute_uri(article.url)),
        "application/x-bibtex; charset=utf-8",
        f"{article.slug}.bib",
    )


def ris_response(article, request):
    return _download(
        ris(article, request.build_absolute_uri(article.url)),
        "application/x-research-info-systems; charset=utf-8",
        f"{article.slug}.ris",
    )
