"""Checking model inputs: named numeric feature columns and a 0/1 target."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg, codes

codes({"screening.missing_columns": N_("Missing columns: %(detail)s")})


class MissingColumns(ValidationFailed):
    """Required columns are absent; ``columns`` lists them."""

    code = "screening.missing_columns"

    def __init__(self, columns: Sequence[str], where: str = N_("the data")) -> None:
        self.columns = list(columns)
        super().__init__(N_("%(where)s lacks required columns: %(columns)s"),
                         where=Msg(where), columns=", ".join(self.columns))


def numeric_column(values: pd.Series, name: str) -> pd.Series:
    """``values`` as float64; booleans become 0/1, blanks NaN, anything else unparsable fails.

    Raises
    ------
    ValidationFailed
        Naming the column, the row and the offending value.
    """
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        converted = values.astype("float64")
    else:
        text = values.astype("string").str.strip()
        converted = pd.to_numeric(text.replace("", pd.NA), errors="coerce").astype("float64")
        bad = converted.isna() & text.notna() & (text != "")
        if bad.any():
            row = bad.to_numpy().argmax()
            raise ValidationFailed(N_("column %(name)s row %(row)s is not a number: %(value)s"),
                                   name=repr(name), row=row + 1, value=repr(values.iloc[row]))
    if np.isinf(converted.to_numpy()).any():
        raise ValidationFailed(N_("Column %(name)s holds infinity"), name=repr(name))
    return converted


def numeric_frame(features: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The named columns of ``features`` as float64, in the given order.

    Parameters
    ----------
    features : DataFrame
        Input rows; extra columns are ignored.
    columns : sequence of str
        Required feature names.

    Returns
    -------
    DataFrame
        Same index, float64 columns.

    Raises
    ------
    MissingColumns
        If any named column is absent.
    ValidationFailed
        If the input is not a non-empty DataFrame or a value is not numeric.
    """
    if not isinstance(features, pd.DataFrame) or features.empty:
        raise ValidationFailed(N_("The features must be a non-empty table"))
    missing = [name for name in columns if name not in features.columns]
    if missing:
        raise MissingColumns(missing, N_("the features"))
    data = {name: numeric_column(features[name], name) for name in columns}
    return pd.DataFrame(data, index=features.index)


def target_vector(target: ArrayLike, length: int) -> np.ndarray:
    """The outcome as an int array of 0/1 with both classes present.

    Raises
    ------
    ValidationFailed
        On a length mismatch, a value other than 0/1, or a single class.
    """
    try:
        y = np.asarray(target, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(N_("The target must be 0 or 1: %(error)s"), error=str(exc)) from exc
    if y.shape != (length,):
        raise ValidationFailed(N_("The target has %(n)s values but the features %(rows)s rows"),
                               n=y.size, rows=length)
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValidationFailed(N_("The target must be 0 or 1"))
    if len(np.unique(y)) < 2:
        raise ValidationFailed(N_("The target needs both classes"))
    return y.astype(int)
