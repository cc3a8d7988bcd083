"""Mapping the UCI "default of credit card clients" data set onto our screening features.

The data (Yeh & Lien 2009; CC BY 4.0) has six months of history, most recent first:
``PAY_0, PAY_2..PAY_6`` repayment status for Sep..Apr (-2 no use, -1 paid in full, 0 revolving,
1..8 months late), ``BILL_AMT1..6`` statements and ``PAY_AMT1..6`` payments (``PAY_AMT1``, paid
in September, settles the August statement ``BILL_AMT2``). "Default next month" stands in for
escalation. Each feature below is defined as our feature pipeline defines it for a bank's own
accounts (months late × 30 = days past due, and so on). Sex, marital status and education are
not used: they are not screening criteria.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.screening.model.frames import MissingColumns, numeric_column, target_vector

TARGET = "default payment next month"
STATUS = ["PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"]
BILLS = [f"BILL_AMT{i}" for i in range(1, 7)]
PAYMENTS = [f"PAY_AMT{i}" for i in range(1, 7)]
#: The raw columns a plain baseline model uses (everything but the id and the target).
RAW_FEATURES = ["LIMIT_BAL", "SEX", "EDUCATION", "MARRIAGE", "AGE", *STATUS, *BILLS, *PAYMENTS]


def read_uci_csv(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """Read and check a UCI-format CSV.

    Parameters
    ----------
    path : Path
        The CSV file.

    Returns
    -------
    DataFrame
        The raw feature columns (:data:`RAW_FEATURES`) as float64.
    ndarray
        The target, 1 = default.

    Raises
    ------
    MissingColumns
        Naming every required column the file lacks.
    ValidationFailed
        If the file cannot be read, a value is blank or not numeric, or the target is not 0/1.
    """
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed(N_("cannot read %(path)s: %(error)s"), path=str(path),
                               error=str(exc)) from exc
    missing = [c for c in [*RAW_FEATURES, TARGET] if c not in frame.columns]
    if missing:
        raise MissingColumns(missing, path.name)
    raw = pd.DataFrame({name: numeric_column(frame[name], name) for name in RAW_FEATURES})
    blank = raw.columns[raw.isna().any()].tolist()
    if blank:
        raise ValidationFailed(N_("%(file)s has blank values in: %(columns)s"), file=path.name,
                               columns=", ".join(blank))
    target = numeric_column(frame[TARGET], TARGET)
    return raw, target_vector(target.to_numpy(), len(raw))


def to_features(raw: pd.DataFrame) -> pd.DataFrame:
    """Our screening features from the raw UCI columns.

    Parameters
    ----------
    raw : DataFrame
        Output of :func:`read_uci_csv`.

    Returns
    -------
    DataFrame
        Delinquency, balance and payment features named as in our feature pipeline.
    """
    parts = [_delinquency(raw[STATUS].to_numpy()), _balances(raw), _payments(raw)]
    features = pd.concat([pd.DataFrame(p, index=raw.index) for p in parts], axis=1)
    features["age"] = raw["AGE"]
    return features


def _delinquency(status: np.ndarray) -> dict[str, np.ndarray]:
    """Depth, history and trend of delinquency; column 0 is the latest month."""
    late = np.clip(status, 0, None)
    days = late * 30
    ever = (late > 0).any(axis=1)
    features = {"days_past_due": days[:, 0]}
    features |= {f"days_past_due_m{i}": days[:, i] for i in range(1, 6)}
    return features | {
        "max_days_past_due_6m": days.max(axis=1),
        "months_delinquent_6m": (late > 0).sum(axis=1),
        "months_since_delinquent": np.where(ever, np.argmax(late > 0, axis=1), 6),
        "delinquency_trend": days[:, :3].mean(axis=1) - days[:, 3:].mean(axis=1),
        # roll rate: how often the account rolled into a worse bucket from one month to the next
        "roll_forward_count": ((late[:, :-1] > late[:, 1:]) & (late[:, :-1] > 0)).sum(axis=1),
        "months_paid_in_full_6m": (status == -1).sum(axis=1),
        "months_no_usage_6m": (status == -2).sum(axis=1),
        "months_revolving_6m": (status == 0).sum(axis=1),
    }


def _balances(raw: pd.DataFrame) -> dict[str, np.ndarray]:
    """Balance, credit limit, utilisation level and trend."""
    bills = raw[BILLS].to_numpy()
    limit = np.maximum(raw["LIMIT_BAL"].to_numpy(), 1.0)[:, None]
    utilisation = bills / limit
    return {
        "balance": bills[:, 0],
        "credit_limit": limit[:, 0],
        "utilisation": utilisation[:, 0],
        "utilisation_avg_6m": utilisation.mean(axis=1),
        "utilisation_max_6m": utilisation.max(axis=1),
        "balance_trend": utilisation[:, 0] - utilisation[:, 5],
        "months_over_limit_6m": (utilisation > 1).sum(axis=1),
    }


def _payments(raw: pd.DataFrame) -> dict[str, np.ndarray]:
    """Payment ratios (payment over the statement it settles), missed payments, overdue amount."""
    bills, paid = raw[BILLS].to_numpy(), raw[PAYMENTS].to_numpy()
    owed = bills[:, 1:]  # the statement each of PAY_AMT1..5 settles
    ratio = np.clip(np.where(owed > 0, paid[:, :-1] / np.maximum(owed, 1.0), 1.0), 0.0, 2.0)
    late_now = raw["PAY_0"].to_numpy() > 0
    limit = np.maximum(raw["LIMIT_BAL"].to_numpy(), 1.0)
    return {
        "payment_ratio_last": ratio[:, 0],
        "payment_ratio_avg_6m": ratio.mean(axis=1),
        "payment_ratio_min_6m": ratio.min(axis=1),
        "months_no_payment_6m": ((paid[:, :-1] == 0) & (owed > 0)).sum(axis=1),
        "payment_amount_last": paid[:, 0],
        "payment_amount_avg_6m": paid.mean(axis=1),
        "payment_to_limit_avg_6m": paid.mean(axis=1) / limit,
        # approximation: what was left unpaid of the last statement, when the account is late
        "overdue_amount": np.where(late_now, np.maximum(owed[:, 0] - paid[:, 0], 0.0), 0.0),
    }
