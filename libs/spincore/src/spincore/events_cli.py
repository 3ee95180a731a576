"""`spin-events`: export the event JSON Schemas and the topic registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from spin_contracts.events.envelope import Envelope, registered_events
from spin_contracts.topics import TOPICS

app = typer.Typer(help="Event contracts of the SPIN VIG platform.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """Event contracts of the SPIN VIG platform."""


@app.command("export-schemas")
def export_schemas(
    out_dir: Annotated[Path, typer.Argument(help="folder for the .json files")] = Path(
        "docs/schemas"
    ),
) -> None:
    """Write one JSON Schema per event (type and version), the envelope, and the topic list."""
    out_dir.mkdir(parents=True, exist_ok=True)
    index = []
    for event_class in registered_events():
        schema = event_class.model_json_schema()
        schema["title"] = f"{event_class.event_type} v{event_class.schema_version}"
        schema["x-topic"] = str(event_class.topic)
        name = f"{event_class.event_type}.v{event_class.schema_version}.json"
        (out_dir / name).write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
        index.append(
            {
                "event_type": event_class.event_type,
                "schema_version": event_class.schema_version,
                "topic": str(event_class.topic),
                "schema": name,
                "doc": (event_class.__doc__ or "").strip(),
            }
        )
    (out_dir / "envelope.json").write_text(
        json.dumps(Envelope.model_json_schema(), indent=2, sort_keys=True) + "\n"
    )
    topics = [
        {
            "name": spec.topic.value,
            "partitions": spec.partitions,
            "key": spec.key,
            "retention_ms": spec.retention_ms,
            "cleanup_policy": spec.cleanup_policy,
            "purpose": spec.purpose,
        }
        for spec in TOPICS.values()
    ]
    (out_dir / "index.json").write_text(
        json.dumps({"events": index, "topics": topics}, indent=2) + "\n"
    )
    typer.echo(f"wrote {len(index)} event schemas to {out_dir}")
