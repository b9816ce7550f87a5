"""The public site's sections, one module each: its pages, its URL patterns (``urls``) and
its sitemap entries (``SITEMAP``); ``seo`` serves robots.txt and sitemap.xml from them."""

from coalition.public.views import campaigns, documents, help, maps, practices, site, statistics

SECTIONS = (site, help, statistics, maps, campaigns, practices, documents)
