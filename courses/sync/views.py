"""`replayable`: the endpoints a device's offline queue sends to, performed once per action id.

A request without `X-Action-Id` (a form posted online, an older page) goes to the view as
before. With it, the view runs inside `action_once`; a copy of an action already performed
gets the first answer again (a redirect to the same address, the same JSON), marked
`X-Action-Replayed`. Server errors are not recorded: the device sends the action again.
"""

import json
from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from courses.sync.services import ActionIdError, ActionRecord, action_id_parse, action_once

ACTION_HEADER = "X-Action-Id"
LEARNER_HEADER = "X-Action-Learner"


class _NotRecorded(Exception):
    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response


def _summary(response) -> dict:
    if response.has_header("Location"):
        return {"location": response["Location"]}
    if response.get("Content-Type", "").startswith("application/json"):
        return {"json": json.loads(response.content)}
    return {}


def _replay(*, status: int, summary: dict) -> HttpResponse:
    if "json" in summary:
        response = JsonResponse(summary["json"], status=status)
    else:
        response = HttpResponse(status=status)
        if "location" in summary:
            response["Location"] = summary["location"]
    response["X-Action-Replayed"] = "true"
    return response


def _refuse(message: str, *, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=status)


def _other_learner(request) -> bool:
    sent = request.headers.get(LEARNER_HEADER)
    return bool(sent) and sent != str(request.user.pk)


def replayable(kind: str):
    """Decorate a POST view so that an action sent with `X-Action-Id` counts once.

    A device keeps an action queued while the answer is 401 (signed out, or signed in as
    another learner than the one who queued it: `X-Action-Learner`) and drops it on any other
    answer, so the refusals here are 401 and 400/409 for a broken id.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            sent = request.headers.get(ACTION_HEADER)
            if sent is None:
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated or _other_learner(request):
                return _refuse(_("Sign in as the learner who did this to send it."), status=401)
            produced = {}

            def perform() -> ActionRecord:
                response = view(request, *args, **kwargs)
                if response.status_code >= 500:
                    raise _NotRecorded(response)
                produced["response"] = response
                return ActionRecord(status=response.status_code, summary=_summary(response))

            try:
                outcome = action_once(
                    learner=request.user,
                    action_id=action_id_parse(sent),
                    kind=kind,
                    perform=perform,
                )
            except ActionIdError as error:
                return _refuse(str(error), status=error.status)
            except _NotRecorded as failed:
                return failed.response
            if outcome.replayed:
                return _replay(status=outcome.status, summary=outcome.summary)
            return produced["response"]

        return wrapper

    return decorator
