"""Other packages' words that a reader or an editor working in Japanese sees, but that those
packages' Japanese catalogues leave untranslated or translate wrongly, to be translated here:

- Wagtail's and wagtail-modeladmin's (Wagtail 8.0, wagtail-modeladmin 2.5): the page editor's
  side panels and checks, listings' sorting and bulk actions, the keyboard-shortcuts dialog,
  the account settings, the sidebar's Help, and modeladmin's "1 out of 3" count;
- Django's, where its Japanese says something else: a NUL character in a field is refused with
  "please enter something" (何か文字を入力してください), and a username is said to allow only
  half-width letters when Japanese ones are allowed.

Never imported. It lists the msgids, exactly as those packages write them, so that makemessages
keeps them in locale/ja/LC_MESSAGES/django.po, where they are translated; the project's
LOCALE_PATHS come before the apps' catalogues. Remove an entry once the package's own Japanese
catalogue translates it well (compare with the package's locale/ja .po after an upgrade)."""

from django.utils.translation import gettext_noop, ngettext_lazy

STRINGS = [
    # django
    gettext_noop("Null characters are not allowed."),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and "
        "@/./+/-/_ characters."
    ),
    # wagtail
    gettext_noop("- Select an option -"),
    gettext_noop("Draft saved"),
    gettext_noop("Preview in desktop size"),
    gettext_noop("Preview in mobile size"),
    gettext_noop("Preview in tablet size"),
    gettext_noop(
        "The name of the page displayed on search engine results as the clickable headline."
    ),
    # wagtail.admin
    gettext_noop("%(objects)s documents selected"),
    gettext_noop("%(objects)s images selected"),
    gettext_noop("%(objects)s items selected"),
    gettext_noop("%(objects)s pages selected"),
    gettext_noop("%(objects)s snippets selected"),
    gettext_noop("1 document selected"),
    gettext_noop("1 image selected"),
    gettext_noop("1 item selected"),
    gettext_noop("1 page selected"),
    gettext_noop("1 snippet selected"),
    gettext_noop("A network error occurred"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Add a concise description for search engines"),
    gettext_noop("Add or show comments"),
    gettext_noop("Aging pages"),
    gettext_noop("All %(objects)s documents on this screen selected"),
    gettext_noop("All %(objects)s images on this screen selected"),
    gettext_noop("All %(objects)s items on this screen selected"),
    gettext_noop("All %(objects)s pages on this screen selected"),
    gettext_noop("All %(objects)s snippets on this screen selected"),
    gettext_noop("All documents in listing selected"),
    gettext_noop("All images in listing selected"),
    gettext_noop("All items in listing selected"),
    gettext_noop("All keyboard shortcuts"),
    gettext_noop("All pages in listing selected"),
    gettext_noop("All snippets in listing selected"),
    gettext_noop("Any"),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("Application"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Back"),
    gettext_noop("Bulk actions"),
    gettext_noop("Button text is empty"),
    gettext_noop("Change privacy"),
    gettext_noop("Checks"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Close dialog"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Content metrics"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("Cut"),
    gettext_noop("Date / Time"),
    gettext_noop("Date updated"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Edited by"),
    gettext_noop("Editor Guide"),
    gettext_noop("Empty frame title found"),
    gettext_noop("Empty heading found"),
    gettext_noop("Field"),
    gettext_noop("Filter by"),
    gettext_noop("First published"),
    gettext_noop("Go to the first error"),
    gettext_noop("Has child pages"),
    gettext_noop("Heading 3"),
    gettext_noop("Heading 4"),
    gettext_noop("Help"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop("Image alt text has inappropriate pattern"),
    gettext_noop("Incorrect heading hierarchy"),
    gettext_noop("Input button text is empty"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Is commenting action"),
    gettext_noop("Issues found"),
    gettext_noop("Keyboard shortcut"),
    gettext_noop("Keyboard shortcuts"),
    gettext_noop("Last published"),
    gettext_noop("Last published before"),
    gettext_noop("Last published by"),
    gettext_noop("Link text is empty"),
    gettext_noop("Loading"),
    gettext_noop("Locale"),
    gettext_noop("Locking: "),
    gettext_noop("Maximum"),
    gettext_noop("Meta description is empty"),
    gettext_noop("Minimap"),
    gettext_noop("Minimum"),
    gettext_noop("Misusing paragraphs as headings"),
    gettext_noop("Monospace (code)"),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop(
        'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
    ),
    gettext_noop("Name and Email"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("No publishing schedule set"),
    gettext_noop("Not visible to the public"),
    gettext_noop("Notifications"),
    gettext_noop("Once live anyone can view"),
    gettext_noop("Page type"),
    gettext_noop("Page types usage"),
    gettext_noop("Page visibility: "),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Preview in new tab"),
    gettext_noop("Preview is out of date"),
    gettext_noop("Preview mode"),
    gettext_noop("Private. Visit the live page"),
    gettext_noop("Profile"),
    gettext_noop("Profile picture"),
    gettext_noop("Readability"),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times", 1),
    gettext_noop("Save schedule"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop("Saved"),
    gettext_noop("Schedule to publish"),
    gettext_noop("Search all pages…"),
    gettext_noop("Search…"),
    gettext_noop("Select"),
    gettext_noop("Select all"),
    gettext_noop("Select row"),
    gettext_noop("Set publishing schedule"),
    gettext_noop("Set schedule"),
    gettext_noop("Shortcuts"),
    gettext_noop("Show filters"),
    gettext_noop("Show issue"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Side panel width"),
    gettext_noop("Side panels"),
    gettext_noop("Sidebar"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("Sort menu order"),
    gettext_noop("Status: "),
    gettext_noop("Strike-through"),
    gettext_noop("Table header text is empty"),
    gettext_noop("Tag"),
    gettext_noop("Text editing"),
    gettext_noop("Text formatting"),
    gettext_noop("Theme preferences"),
    gettext_noop("There are no results."),
    gettext_noop("This %(model_name)s hasn't been submitted for moderation yet"),
    gettext_noop("This data explained"),
    gettext_noop("This page hasn't been submitted for moderation yet"),
    gettext_noop(
        'This publishing schedule will only take effect after you select the "Schedule to '
        'publish" option'
    ),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Toggle breadcrumbs"),
    gettext_noop("Toggle checks"),
    gettext_noop("Toggle comments"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Toggle preview"),
    gettext_noop("Toggle section"),
    gettext_noop("Toggle side panel"),
    gettext_noop("Toggle sidebar"),
    gettext_noop("Toggle status"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a "
        "separate tab to view the last saved version."
    ),
    gettext_noop("Unpublish selected pages"),
    gettext_noop("Usage count"),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("Use server time zone"),
    gettext_noop("View history"),
    gettext_noop("View latest version"),
    gettext_noop("Visible to all"),
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for different "
        "languages."
    ),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and calculate "
        "the number of words."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences and "
        "words result in a worse readability score."
    ),
    gettext_noop("What's new in Wagtail %(version)s"),
    gettext_noop("Words"),
    gettext_noop("item"),
    # wagtail.documents
    gettext_noop("Add selected documents to collection"),
    gettext_noop("Add tags to the selected documents"),
    gettext_noop("Add to collection"),
    gettext_noop("Delete selected documents"),
    # wagtail.images
    gettext_noop("Add selected images to collection"),
    gettext_noop("Add tags to the selected images"),
    gettext_noop("Delete selected images"),
    gettext_noop("File size: (high to low)"),
    gettext_noop("File size: (low to high)"),
    gettext_noop("Grid layout"),
    gettext_noop("Layout"),
    gettext_noop("List layout"),
    gettext_noop("Newest"),
    gettext_noop("Oldest"),
    gettext_noop("Sort by"),
    gettext_noop("Title: (A -> Z)"),
    gettext_noop("Title: (Z -> A)"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Usage count: (low to high)"),
    # wagtail.snippets
    gettext_noop("Select all snippets in listing"),
    # wagtail.users
    gettext_noop("Dark"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("Light"),
    gettext_noop("More contrast"),
    gettext_noop(
        "Receive notification when comments have been created, resolved, or deleted on a page "
        "that you have subscribed to receive comment notifications on"
    ),
    gettext_noop("Snug"),
    gettext_noop("System default"),
    # wagtail_modeladmin
    gettext_noop("%(result_count)s out of %(all_count)s"),
    gettext_noop("By %(filter_title)s"),
]
