"""gunicorn settings for `make serve`, the Procfile and deploy/systemd/elearn-web.service.

Every value comes from the environment (README, "Production"), so one file serves a laptop, a
provincial data centre and the two-node test. gunicorn itself also reads `WEB_CONCURRENCY` and
`FORWARDED_ALLOW_IPS`; they are read here too so that their defaults are ours and documented.
"""

import os

# Processes: about two per core; each process runs GUNICORN_THREADS threads (the gthread
# worker), which keeps a page waiting on PostgreSQL or Redis from holding a whole process.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# A request still running after this many seconds is killed with its worker (a certificate is
# rendered by the task worker, never inside a request).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Workers are replaced after this many requests (jittered so they do not restart together):
# memory a library leaks cannot grow without end.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The proxy in front sets X-Forwarded-Proto (HTTPS) and X-Forwarded-For; trusted from these only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The site is loaded once, before forking: a broken setting stops the start at once, and the
# workers share the loaded code's memory.
preload_app = True
# Errors to stderr (journald or the process manager). The access log is off by default: the
# application writes one JSON line per request instead when DJANGO_REQUEST_LOG is on.
errorlog = "-"
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "") == "1" else None
# No control socket ($HOME/.gunicorn/gunicorn.ctl): systemd sends the signals, and two nodes
# on one machine (the two-node test) would fight over the one path.
control_socket_disable = True
# Temporary request files in memory, not on a disk that may be slow or full.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
