"""The public site's addresses. ``urlpatterns`` is included twice by the project's URLs: in
Spanish at the root (namespace ``public``) and in English under ``/en/`` (``public-en``), see
``pages``. Each section's module lists its own patterns (``urls``) and what it adds to the
sitemap (``SITEMAP``). ``site_urls`` (robots.txt, sitemap.xml) exist once, at the root."""

from django.urls import path

from coalition.public.views import campaigns, documents, help, maps, practices, site, statistics

app_name = "public"

SECTIONS = (site, help, statistics, maps, campaigns, practices, documents)

urlpatterns = [pattern for section in SECTIONS for pattern in section.urls]

site_urls = [
    path("robots.txt", site.robots, name="robots"),
    path("sitemap.xml", site.sitemap, name="sitemap"),
]
