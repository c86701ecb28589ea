"""The blog app's models, gathered for Django; each lives in the module named for what it holds."""

from blog.articles import ArticleAuthor, ArticleKeyword, ArticlePage
from blog.authors import AuthoredMixin, AuthorLink, Person, people_of, with_authors
from blog.posts import BlogIndexPage, BlogPostAuthor, BlogPostPage, BlogPostTag
from blog.research import ArticleIndexPage

__all__ = [
    "ArticleAuthor",
    "ArticleIndexPage",
    "ArticleKeyword",
    "ArticlePage",
    "AuthorLink",
    "AuthoredMixin",
    "BlogIndexPage",
    "BlogPostAuthor",
    "BlogPostPage",
    "BlogPostTag",
    "Person",
    "people_of",
    "with_authors",
]
