"""The plans' background work (``core.jobs``): the PDF progress report."""

from coalition.core import jobs
from coalition.core.models import Country
from coalition.plans.models import Plan
from coalition.plans.reports import report_file


@jobs.task()
def build_plan_report(job_id, plan_id, country_id, language, figures="current"):
    """Make the report as the job's user sees the plan; the job's page offers the file."""

    def work(job, progress):
        plan = Plan.objects.get(pk=plan_id)
        country = Country.objects.get(pk=country_id) if country_id else None
        content, filename = report_file(
            plan, job.user, country, language, progress=progress, figures=figures
        )
        return jobs.Outcome(content=content, filename=filename, content_type="application/pdf")

    jobs.run(job_id, work)
