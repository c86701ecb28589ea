"""allauth's own words, in this site's Japanese terms.

allauth's Japanese catalogue (and Wagtail's, for "Email" and "Username") says ユーザー登録, Eメール
and ユーザ名 where the rest of the site says 新規登録, メールアドレス and ユーザー名. Our
catalogue (LOCALE_PATHS) comes before any app's, so the msgids below, exactly as allauth writes
them on the /accounts/ pages this site shows, take the site's terms. Nothing imports this module:
it only marks the strings for makemessages. tests/community/accounts checks that allauth still
uses each of them.
"""

from django.utils.translation import gettext_noop

ALLAUTH_MSGIDS = [
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Email"),
    gettext_noop("Username"),
]
