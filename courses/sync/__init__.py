"""Offline progress: actions a learner's device queued without signal, sent later, counted once.

The device gives each action (marking a module done, saving or submitting quiz answers, an
H5P score) a UUID and sends it in the `X-Action-Id` header, as often as it must until an
answer arrives. `models.ActionReceipt` remembers each (learner, action id) and the answer
given; `services.action_once` performs an action only the first time; `views.replayable`
wraps the endpoints. The server decides everything as if the action had just arrived (time
limits by the server's clock, practice scores never completing):
docs/decisions/031-offline-progress.md.
"""
