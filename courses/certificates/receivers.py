"""Signal receivers: a completed course issues its certificate.

Connected in `CoursesConfig.ready()`. The completion is already committed when the signal
arrives, so a failure here is logged and never undoes it; `manage.py issue_certificates`
issues what was missed.
"""

import logging

from courses.certificates import services

logger = logging.getLogger(__name__)


def issue_certificate_on_completion(sender, completion, **kwargs):
    try:
        services.certificate_issue(completion=completion)
    except Exception:
        logger.exception("Could not issue the certificate for completion %s", completion.pk)
