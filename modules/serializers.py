"""API representations that Wagtail's defaults do not give (a reading is a snippet, not a page)."""

from rest_framework import serializers


class ReadingSerializer(serializers.Serializer):
    authors = serializers.CharField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    source = serializers.CharField()
    kind = serializers.CharField()
    url = serializers.CharField()
    citation = serializers.CharField(source="__str__")
