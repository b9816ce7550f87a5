"""The map's background work (``core.jobs``): a large GeoJSON file imported (or checked)."""

from django.utils.translation import gettext as _

from coalition.core import jobs
from coalition.mapping.exchange import common
from coalition.mapping.exchange.importing import import_geojson


@jobs.task()
def import_map_file(job_id, dry_run):
    """Import (or only check, when ``dry_run``) the file the job was started with, as its
    user, all or nothing."""

    def work(job, progress):
        try:
            result = import_geojson(
                jobs.read_upload(job),
                job.upload_name,
                user=job.user,
                dry_run=dry_run,
                progress=progress,
            )
        except common.GeoJSONError as exc:
            raise jobs.Refused(_("The file has problems to fix."), exc.problems) from None
        return jobs.Outcome(messages=[import_message(result, dry_run)])

    jobs.run(job_id, work)


def import_message(result, dry_run):
    """What an import (or a check) of map data tells the user."""
    if dry_run:
        return _("The file is right; nothing was recorded. Importing it would give %(summary)s") % {
            "summary": result.describe()
        }
    return _("Map data imported: %(summary)s") % {"summary": result.describe()}
