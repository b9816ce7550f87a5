"""The public site's addresses. ``urlpatterns`` is included twice by the project's URLs: in
Spanish at the root (namespace ``public``) and in English under ``/en/`` (``public-en``), see
``pages``. Each section's module lists its own patterns (``urls``) and what it adds to the
sitemap (``SITEMAP``). ``site_urls`` (robots.txt, sitemap.xml) exist once, at the root."""

from django.urls import path

from coalition.public.views import SECTIONS, seo

app_name = "public"

urlpatterns = [pattern for section in SECTIONS for pattern in section.urls]

site_urls = [
    path("robots.txt", seo.robots, name="robots"),
    path("sitemap.xml", seo.sitemap, name="sitemap"),
]
