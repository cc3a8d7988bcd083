"""One settings class, prefix ``DOORSTEP_``; refuses placeholder secrets outside development."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from doorstep.core.crypto import FieldCipher, KeyRing

#: The demo bank's name (data, in ``bank.toml`` beside this module).
DEMO_BANK_NAME: str = tomllib.loads(
    Path(__file__).with_name("bank.toml").read_text(encoding="utf-8"))["name"]

DEV_SECRET = "dev-only-secret-change-me"
# A fixed development key so that `make run` works out of the box; refused in production.
DEV_FIELD_KEYS = "dev:ZGV2LW9ubHktZmllbGQta2V5LTMyLWJ5dGVzLSEhISE"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOORSTEP_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///var/doorstep.db"
    secret_key: str = DEV_SECRET
    #: ``id:base64key,...`` — the first is the active key. Or give ``field_key_file``.
    field_keys: str = DEV_FIELD_KEYS
    field_key_file: Path | None = None
    policy_file: Path | None = None
    evidence_dir: Path = Path("var/evidence")
    #: Where evidence files go: ``local`` (``evidence_dir``, the default) or ``s3`` (an
    #: S3-compatible bucket; needed when several web servers run).
    evidence_store: Literal["local", "s3"] = "local"
    #: S3-compatible object storage (MinIO, Ceph, OSS/COS in S3 mode, AWS).
    s3_endpoint_url: str | None = None
    s3_bucket: str = "doorstep-evidence"
    s3_prefix: str = ""
    s3_region: str = "us-east-1"
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    #: The Spark master of `--engine spark`: ``local[2]``, ``local[*]``, ``spark://host:7077``,
    #: ``yarn`` or ``k8s://https://host:443``.
    spark_master: str = "local[2]"
    #: Executor memory and cores per executor on a cluster (ignored in local mode).
    spark_executor_memory: str = "2g"
    spark_executor_cores: int = 1
    #: Where Spark reads the portfolio from: ``parquet`` (the run's snapshot, written from the
    #: database) or ``jdbc`` (the executors query PostgreSQL at ``database_url`` themselves).
    spark_source: Literal["parquet", "jdbc"] = "parquet"
    #: The PostgreSQL JDBC driver for ``spark_source=jdbc`` (Debian's libpostgresql-jdbc-java).
    spark_jdbc_jar: str = "/usr/share/java/postgresql.jar"
    #: Where portfolio snapshots (Parquet) and the features/scores of runs are kept: a local
    #: folder, ``hdfs://…`` or ``s3://bucket/prefix``; every Spark executor must reach it.
    #: Unset: each run uses a temporary folder on this machine, removed afterwards.
    snapshot_dir: str | None = None
    pdf_font: Path | None = None
    default_language: Literal["zh-CN", "en"] = "zh-CN"
    session_hours: int = 12
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    public_base_url: str = "http://127.0.0.1:8000"
    cookie_secure: bool = False
    #: Field visits: a check-in farther than this from the customer's address is flagged.
    field_check_in_max_distance_m: float = 500.0
    #: Where a refused visit goes: "escalate" (legal review) or "follow_up".
    field_refused_goes_to: Literal["escalate", "follow_up"] = "escalate"
    #: Days an instalment may be late before the agreement counts as broken.
    agreement_grace_days: int = 7
    #: Where a broken repayment agreement goes: "escalate" (legal review) or "follow_up".
    agreement_broken_goes_to: Literal["escalate", "follow_up"] = "escalate"
    evidence_max_mb: int = 20
    #: The bank as customers see it on appointment links and messages.
    bank_name: str = DEMO_BANK_NAME
    bank_hotline: str = "95500"
    appointment_link_hours: int = 72
    #: The plan dashboard serves a KPI snapshot younger than this (`doorstep evaluation refresh`).
    kpi_snapshot_minutes: int = 60
    # Requests a worker runs at once (the rest queue on its event loop); measured best at 4 on
    # 2 cores (benchmarks/results/load.md). Never above the pool-derived safe capacity.
    max_in_flight: int = 4
    #: E-mail over SMTP: off unless a host is given.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_sender: str = "noreply@doorstep.local"
    #: Travel times for route planning: "estimate" (haversine x road factor, embedded) or
    #: "osrm" (an OSRM/Valhalla ``table`` server at ``routing_osrm_url``; falls back to the
    #: estimate, and says so on the board, when the server fails).
    routing_travel: Literal["estimate", "osrm"] = "estimate"
    routing_osrm_url: str | None = None
    routing_osrm_timeout: float = 5.0
    #: Map tiles behind the dispatcher's routes (Leaflet), e.g. the bank's own tile server
    #: ``https://tiles.bank.local/{z}/{x}/{y}.png``; when empty the board draws the routes
    #: on a plain canvas. The attribution is shown in the map's corner.
    map_tile_url: str = ""
    map_tile_attribution: str = ""
    #: How the outbox is delivered: by the in-process job (`doorstep outbox deliver`).
    outbox_delivery: Literal["in_process"] = "in_process"
    #: SMS over an HTTP gateway in the shape of the large cloud SMS services (URL, access
    #: key id and secret for the HMAC-SHA256 signature, sign name, template id). Without a
    #: URL, messages are only recorded in the log (development).
    sms_gateway_url: str | None = None
    sms_access_key_id: str = ""
    sms_access_key_secret: str = ""
    sms_sign_name: str = DEMO_BANK_NAME
    sms_template_id: str = "SMS_DOORSTEP_NOTICE"
    sms_timeout_seconds: float = 10.0
    #: The job queue's broker: ``sqlite:///var/jobs-queue.db`` (embedded, `make run`),
    #: ``redis://host:6379/0`` (production) or ``immediate://`` (run in the caller; tests).
    jobs_broker: str = "sqlite:///var/jobs-queue.db"
    #: `doorstep web serve` starts a job worker process beside the web app (off in production,
    #: where `doorstep jobs work` runs on its own).
    jobs_embedded_worker: bool = True
    job_worker_threads: int = 2
    #: A running job's worker renews its lease this often; a job whose lease ran out (its
    #: worker died) is tried again.
    job_lease_seconds: int = 120
    job_progress_seconds: float = 1.0
    #: Prometheus multiprocess folder for `doorstep web serve` / `doorstep jobs work` (emptied by
    #: `serve` at start); /metrics sums every process's samples found there.
    metrics_dir: Path = Path("var/metrics")

    @model_validator(mode="after")
    def _no_placeholders_in_production(self) -> Settings:
        if self.environment == "test" and "jobs_broker" not in self.model_fields_set:
            self.jobs_broker = "immediate://"
        if self.environment == "production":
            if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
                raise ValueError("DOORSTEP_SECRET_KEY must be set (≥32 chars) in production")
            if self.field_key_file is None and self.field_keys == DEV_FIELD_KEYS:
                raise ValueError("DOORSTEP_FIELD_KEYS or DOORSTEP_FIELD_KEY_FILE must be set")
        return self

    def key_ring(self) -> KeyRing:
        spec = self.field_keys
        if self.field_key_file is not None:
            spec = self.field_key_file.read_text(encoding="utf-8").strip()
        return KeyRing.parse(spec)

    def cipher(self) -> FieldCipher:
        return FieldCipher(self.key_ring())


@lru_cache
def get_settings() -> Settings:
    return Settings()
