"""The page tree is locked: editors can only put each page type where it belongs."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from blog.models import BlogIndexPage
from community.models import ContactPage, ForumIndexPage
from home.models import HomePage, StandardPage
from modules.models import (
    GlossaryPage,
    LearningPathsPage,
    ModuleCategoryPage,
    ModuleIndexPage,
    ModulePage,
    ProblemsPage,
    ResourceIndexPage,
)


@pytest.mark.django_db
class TestPageTree(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_and_holds_the_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                ModuleIndexPage,
                ResourceIndexPage,
                GlossaryPage,
                BlogIndexPage,
                ForumIndexPage,
                ContactPage,
            },
        )

    def test_the_glossary_is_one_page_under_home(self):
        self.assertAllowedParentPageTypes(GlossaryPage, {HomePage})
        self.assertAllowedSubpageTypes(GlossaryPage, set())
        self.assertEqual(GlossaryPage.max_count, 1)

    def test_the_module_hierarchy_is_index_category_module(self):
        self.assertAllowedParentPageTypes(ModuleIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(
            ModuleIndexPage, {ModuleCategoryPage, LearningPathsPage, ProblemsPage}
        )
        self.assertAllowedParentPageTypes(LearningPathsPage, {ModuleIndexPage})
        self.assertAllowedSubpageTypes(LearningPathsPage, set())
        self.assertAllowedParentPageTypes(ProblemsPage, {ModuleIndexPage})
        self.assertAllowedSubpageTypes(ProblemsPage, set())
        self.assertAllowedParentPageTypes(ModuleCategoryPage, {ModuleIndexPage})
        self.assertAllowedSubpageTypes(ModuleCategoryPage, {ModulePage})
        self.assertAllowedParentPageTypes(ModulePage, {ModuleCategoryPage})
        self.assertAllowedSubpageTypes(ModulePage, set())

    def test_a_module_cannot_be_created_outside_a_category(self):
        self.assertCanCreateAt(ModuleCategoryPage, ModulePage)
        self.assertCanNotCreateAt(ModuleIndexPage, ModulePage)
        self.assertCanNotCreateAt(HomePage, ModulePage)
        self.assertCanNotCreateAt(ModulePage, ModulePage)

    def test_singletons_cannot_be_created_twice(self):
        # The seeded site already holds one of each; a second is refused.
        home = HomePage.objects.get()
        singletons = (
            ModuleIndexPage,
            ResourceIndexPage,
            BlogIndexPage,
            ForumIndexPage,
            ContactPage,
        )
        for model in singletons:
            assert model.objects.count() == 1
            assert not model.can_create_at(home), f"a second {model.__name__} could be created"
        assert ProblemsPage.objects.count() == 1
        assert not ProblemsPage.can_create_at(ModuleIndexPage.objects.get())
        assert not HomePage.can_create_at(Page.get_first_root_node())

    def test_plain_pages_live_under_home(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(ModuleIndexPage, StandardPage)
