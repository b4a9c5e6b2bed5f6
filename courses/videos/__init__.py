"""Video lessons that count: a video block may require a share of its length to be watched
before its module is complete (docs/decisions/030-videos-that-count.md).

`watching` holds the pure rules (clamp, merge, plausible growth, share), `models` the learner's
watch progress, `services` the one write path (`video_watch_record`), `selectors` what the
video block shows, `views` the browser's report endpoint and the "save data" preference.
"""
