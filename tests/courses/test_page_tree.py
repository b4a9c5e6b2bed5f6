"""Where each course page type may stand in the page tree: home → catalog → course → module.

Trainers build courses in the Wagtail admin; these rules keep them from putting a module
outside a course, a course outside the catalog, or a second catalog on the site.
"""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.factories import CourseIndexPageFactory, CoursePageFactory
from courses.models import CourseIndexPage, CoursePage, ModulePage
from home.factories import UserFactory
from home.models import HomePage


class CatalogTreeTests(WagtailPageTestCase):
    def test_the_catalog_stands_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        self.assertCanNotCreateAt(Page, CourseIndexPage)
        self.assertCanNotCreateAt(CoursePage, CourseIndexPage)

    def test_the_catalog_holds_courses_only(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})

    def test_a_site_has_one_catalog(self):
        home = HomePage.objects.get()
        self.assertTrue(CourseIndexPage.can_create_at(home))

        CourseIndexPageFactory(parent=home)

        self.assertFalse(CourseIndexPage.can_create_at(home))


class CourseTreeTests(WagtailPageTestCase):
    def test_a_course_stands_in_the_catalog_only(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)

    def test_a_course_holds_modules_only(self):
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})

    def test_an_editor_creates_a_course_in_the_catalog(self):
        self.client.force_login(UserFactory(is_staff=True, is_superuser=True))
        catalog = CourseIndexPageFactory()

        self.assertCanCreate(
            catalog,
            CoursePage,
            nested_form_data(
                {
                    "title": "Kỹ năng số cơ bản",
                    "slug": "ky-nang-so-co-ban",
                    "summary": "Dùng điện thoại an toàn.",
                    "level": "beginner",
                    "duration_minutes": 60,
                    "prerequisites": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0},
                }
            ),
        )


class ModuleTreeTests(WagtailPageTestCase):
    def test_a_module_stands_in_a_course_only(self):
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertCanNotCreateAt(ModulePage, ModulePage)

    def test_a_module_has_no_pages_under_it(self):
        self.assertAllowedSubpageTypes(ModulePage, set())

    def test_an_editor_creates_a_module_in_a_course(self):
        self.client.force_login(UserFactory(is_staff=True, is_superuser=True))
        course = CoursePageFactory(parent=CourseIndexPageFactory())

        self.assertCanCreate(
            course,
            ModulePage,
            nested_form_data(
                {
                    "title": "Mật khẩu mạnh",
                    "slug": "mat-khau-manh",
                    "estimated_minutes": 15,
                    "is_required": True,
                    "body": streamfield([("paragraph", rich_text("<p>Dùng mật khẩu dài.</p>"))]),
                }
            ),
        )
