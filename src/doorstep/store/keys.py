"""Re-sealing personal data with the active field key (key rotation), in one transaction."""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from doorstep.core.crypto import FieldCipher
from doorstep.store.tables import customers, staff

PERSONAL_COLUMNS = ((customers, ("national_id_enc", "phone_enc", "address_enc")),
                    (staff, ("phone_enc",)))


def reseal_personal_data(conn: Connection, cipher: FieldCipher) -> int:
    """Re-encrypt every personal-data column still sealed with an older key; rows changed."""
    changed = 0
    for table, cols in PERSONAL_COLUMNS:
        rows = conn.execute(select(table.c.id, *[table.c[n] for n in cols])).all()
        for row in rows:
            new = {n: cipher.reseal(getattr(row, n)) for n in cols}
            if any(new[n] != getattr(row, n) for n in cols):
                conn.execute(update(table).where(table.c.id == row.id).values(**new))
                changed += 1
    return changed
