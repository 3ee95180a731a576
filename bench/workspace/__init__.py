"""Workspace benchmark: practitioners' pages under load, and last byte to playable.

    uv run --frozen python -m bench.workspace [--env var/secrets/local.env]
        [--practitioners 50] [--cases 10] [--rounds 20] [--minutes 2] [--height 1080] [--reuse]
        [--think-s 0] [--skip-pages | --skip-playable]

Against the running stack (`make up`), on loopback only, with its own data made through the
public APIs (unique ids per run; `--reuse` takes the previous run's data from var/bench/):
(a) every practitioner logged in at once fetches their case list, a case page and a player
    page, `--rounds` times: p50/p95/p99 per page and overall as the client sees them (and
    what a Server-Timing header says, if the portal sends one); then the same clients call
    only the planner as those pages do, to show the planner's share, and one client alone;
(b) a `--minutes` `--height`p file uploaded over tus with the workspace's upload token: from
    the last PATCH answered to its player page answering 200, against the bare ffmpeg CLI
    making the same outputs from the local file with the service's command line.
Last line: `workspace_p95_ms=<n> playable_vs_ffmpeg=<ratio>`.
"""
