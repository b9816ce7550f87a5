"""The Palermo indicators' pages, under /indicators/."""

urlpatterns = []
