"""Run the fake Jira until interrupted: `python -m tests.fakes.jira --deployment Server --project PROJ --fields`."""

from __future__ import annotations

import argparse
import time

from tests.fakes.jira.server import FakeJira, add_problemframe_fields

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Run the fake Jira until interrupted.")
    parser.add_argument("--deployment", choices=["Cloud", "Server"], default="Cloud")
    parser.add_argument("--project", default="PROJ")
    parser.add_argument("--fields", action="store_true", help="create the problemframe custom fields up front")
    arguments = parser.parse_args()
    server = FakeJira(deployment=arguments.deployment).start()
    server.add_project(arguments.project)
    if arguments.fields:
        add_problemframe_fields(server)
    print(f"fake Jira at {server.url} (basic auth {server.email}:{server.api_token}, PAT {server.pat})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()
