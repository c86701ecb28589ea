"""Build the POST data of a page's Wagtail edit form from the page itself.

Wagtail's edit view renders StreamFields with JavaScript, so the form cannot be scraped from its
HTML the way `assertPageIsPreviewable` tries; these helpers produce what the browser would send.
"""

from datetime import date

from taggit.managers import TaggableManager
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def block_form_value(block, value):
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source if isinstance(value, RichText) else value or "")
    if isinstance(block, blocks.StreamBlock):
        return streamfield(
            [(child.block_type, block_form_value(child.block, child.value)) for child in value]
        )
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_form_value(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return streamfield([("item", block_form_value(block.child_block, item)) for item in value])
    if hasattr(value, "pk"):
        return value.pk
    return "" if value is None else value


def field_form_value(model_field, value):
    if isinstance(model_field, StreamField):
        return block_form_value(model_field.stream_block, value)
    if isinstance(model_field, RichTextField):
        return rich_text(value or "")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "on" if value else ""
    if hasattr(value, "pk"):
        return value.pk
    return "" if value is None else value


def edit_form_data(page, **changes):
    """The edit form's POST data for `page`, with `changes` applied to its fields."""
    form_class = page.get_edit_handler().get_form_class()
    data = {}
    multiple = {}  # fields sent as several values under one name
    model_fields = {f.name for f in page._meta.get_fields()}
    for name in form_class._meta.fields:
        if name not in model_fields:  # a form-only field, such as comment_notifications
            data[name] = changes.get(name, "")
            continue
        model_field = page._meta.get_field(name)
        if isinstance(model_field, TaggableManager):
            tags = changes.get(name, [tag.name for tag in getattr(page, name).all()])
            data[name] = ", ".join(f'"{tag}"' if " " in tag else tag for tag in tags)
            continue
        if model_field.many_to_many:
            values = changes.get(name, getattr(page, name).all())
            multiple[name] = [getattr(obj, "pk", obj) for obj in values]
            continue
        value = changes[name] if name in changes else getattr(page, model_field.attname)
        if isinstance(value, list):  # a multiple-choice field kept in a JSON list
            multiple[name] = value
            continue
        if model_field.is_relation:
            data[name] = "" if value is None else value
        else:
            data[name] = field_form_value(model_field, value)
    for relation, options in form_class._meta.formsets.items():
        prefix = options.get("formset_name", relation)
        if prefix == "comments":
            data[prefix] = inline_formset([])
            continue
        rows = []
        for position, child in enumerate(getattr(page, relation).all()):
            row = {"id": child.pk, "ORDER": position + 1}
            for name in options["fields"]:
                child_field = child._meta.get_field(name)
                row[name] = field_form_value(child_field, getattr(child, child_field.attname))
            rows.append(row)
        data[prefix] = inline_formset(rows, initial=len(rows))
    data = nested_form_data(data)
    data.update(multiple)
    return data
