"""The reports' background work (``core.jobs``): the regional annual report."""

from coalition.core import jobs
from coalition.reports.files import report_file


@jobs.task()
def build_annual_report(job_id, year, language, fmt):
    """Make the report for the job's user; the job's page offers the file."""

    def work(job, progress):
        content, filename, content_type = report_file(
            year, language, fmt, job.user, progress=progress
        )
        return jobs.Outcome(content=content, filename=filename, content_type=content_type)

    jobs.run(job_id, work)
