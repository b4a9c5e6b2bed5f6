"""The home page is the site's root page: one, directly under Wagtail's tree root."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import CourseIndexPage, CoursePage, ModulePage
from home.models import HomePage


class HomePageTreeTests(WagtailPageTestCase):
    def test_the_home_page_stands_under_the_tree_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(CourseIndexPage, HomePage)

    def test_under_the_home_page_only_the_catalog_can_be_created(self):
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(HomePage, ModulePage)

    def test_a_site_has_one_home_page(self):
        self.assertEqual(HomePage.objects.count(), 1)  # made by a data migration

        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
