"""Slices of the two public files, and the steps from an empty database to a plan's
evaluation page that the import end-to-end tests share."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.screening.features import make_engine
from doorstep.screening.strategies import create_strategy, default_rule_sets
from doorstep.screening.text import load_detector
from doorstep.screening.texts import score_pending_texts
from doorstep.screening.training import promote_model, train_escalation_model

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
UCI = DATA / "uci_credit_card_default" / "credit_card_default.csv"
CFPB = DATA / "cfpb_complaints_sample" / "complaints_sample.csv"
MAPPINGS = ROOT / "examples" / "mappings"
AS_OF = date(2005, 9, 30)  # the UCI file's last month
_ANALYST = Principal(user_id=0, username="test", role=Role.ANALYST, branch_id=None)
_MANAGER = Principal(user_id=0, username="test.manager", role=Role.PROGRAMME_MANAGER,
                     branch_id=None)  # not the trainer: 双人复核


def csv_slice(source: Path, out: Path, rows: int | None) -> Path:
    """The header and the first ``rows`` records (multi-line cells kept whole)."""
    if rows is None:
        return source
    with source.open(encoding="utf-8", newline="") as src, out.open(
            "w", encoding="utf-8", newline="") as dst:
        reader, writer = csv.reader(src), csv.writer(dst)
        for i, record in enumerate(reader):
            if i > rows:
                break
            writer.writerow(record)
    return out


def upload(client: TestClient, headers: dict[str, str], data_file: Path,
           mapping: str) -> dict[str, Any]:
    """Import a file with one of the shipped mappings through the API (a background job)."""
    with data_file.open("rb") as fh, (MAPPINGS / f"{mapping}.toml").open("rb") as mf:
        r = client.post("/api/v1/data/imports", headers=headers,
                        files={"file": (data_file.name, fh), "mapping": ("m.toml", mf)})
    assert r.status_code == 202, r.text  # a job; the test broker runs it at once
    job = client.get(r.headers["Location"], headers=headers).json()
    assert job["state"] == "done", job
    body: dict[str, Any] = client.get(job["result_url"], headers=headers).json()
    assert body["status"] == "imported" and body["rejected"] == 0, body
    return body


def ready_to_screen(c: Container) -> None:
    """Texts scored, a model learnt from the imported portfolio and promoted, a strategy."""
    with c.uow() as uow:
        score_pending_texts(uow, load_detector())
        uow.commit()
    with c.uow() as uow:
        model = train_escalation_model(uow, _ANALYST, make_engine("duckdb"), AS_OF, seed=7)
        uow.commit()
    with c.uow() as uow:
        promote_model(uow, _MANAGER, model.id)
        uow.commit()
    with c.uow() as uow:
        create_strategy(uow, _ANALYST, "默认策略", default_rule_sets(), None)
        uow.commit()
