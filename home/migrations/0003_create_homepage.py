from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page with our HomePage as the root of the default site."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _created = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title="Bình dân học vụ số",
        draft_title="Bình dân học vụ số",
        slug="trang-chu",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/trang-chu/",
        hero_title="Học kỹ năng số miễn phí, ngay trên điện thoại",
        hero_text=(
            "<p>Nền tảng học trực tuyến của phong trào <b>Bình dân học vụ số</b> dành cho cán bộ, "
            "công chức, viên chức, thành viên Tổ công nghệ số cộng đồng và người dân ở mọi xã, "
            "phường trên cả nước.</p>"
        ),
        cta_label="Bắt đầu học",
        locale=Locale.objects.get_or_create(language_code="vi")[0],
        live=True,
        has_unpublished_changes=False,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": "Bình dân học vụ số"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="trang-chu", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_pages"),
        ("wagtailcore", "0002_initial_data"),
        # Deleting the welcome page touches every table that refers to pages.
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
