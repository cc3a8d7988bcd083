"""Screening on a Spark standalone cluster (a master and two workers): the executors read the
Parquet snapshot, write features and scores as Parquet, and the ranked list equals DuckDB's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from doorstep.cli.main import app
from doorstep.container import Container
from doorstep.screening.features.spark import stop_session
from doorstep.screening.lake import Storage, count_rows, read_frame
from doorstep.store.tables_screening import screening_selections
from tests.e2e.screening_bank import prepare_bank
from tests.spark_cluster import standalone_cluster


def _screen(c: Container, engine: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [
        "screening", "run", "--plan", "1", "--engine", engine, "--as-of", "2026-11-30",
        "--seed", "7", "--json", "--database-url", c.settings.database_url])
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.output.strip().splitlines()[-1])
    return out


def _list(c: Container, run_id: int) -> list[tuple[Any, ...]]:
    s = screening_selections.c
    with c.engine.connect() as conn:
        rows = conn.execute(select(s.customer_id, s.arm, s.outcome_group, s.rank, s.risk,
                                   s.expected_benefit).where(s.run_id == run_id)
                            .order_by(s.customer_id)).all()
    return [tuple(r) for r in rows]


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_cluster_ranked_list_equals_duckdb(container: Container, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """`screening run --json` prints the same selected count and ranked digest on DuckDB and on a
    standalone Spark cluster, whose executors wrote features and scores as Parquet."""
    prepare_bank(container)
    duck = _screen(container, "duckdb")
    assert duck["selected"] > 0 and len(duck["ranked_digest"]) == 64
    snapshots = tmp_path / "snapshots"
    monkeypatch.setenv("DOORSTEP_SNAPSHOT_DIR", str(snapshots))
    monkeypatch.setenv("DOORSTEP_SPARK_EXECUTOR_MEMORY", "700m")
    try:
        with standalone_cluster(tmp_path / "cluster", workers=2) as master:
            monkeypatch.setenv("DOORSTEP_SPARK_MASTER", master)
            spark = _screen(container, "spark")
            stop_session()
    finally:
        stop_session()
    assert spark["run_id"] != duck["run_id"]
    assert (spark["selected"], spark["ranked_digest"]) == (duck["selected"],
                                                           duck["ranked_digest"])
    assert _list(container, spark["run_id"]) == _list(container, duck["run_id"])
    run = next((snapshots / "runs").iterdir())
    storage = Storage(str(snapshots))
    assert {p.name for p in run.iterdir()} == {"snapshot", "features", "scores"}
    assert any(p.name.startswith("part-") for p in (run / "features").iterdir())  # Spark's
    assert count_rows(storage, str(run / "features")) == 1200
    scores = read_frame(storage, str(run / "scores"))
    assert 0 < len(scores) <= 1200 and scores["customer_id"].is_unique
