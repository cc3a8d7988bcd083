"""Key rotation re-seals every personal-data column with the new active key."""

from __future__ import annotations

from sqlalchemy import select

from doorstep.container import Container
from doorstep.core.crypto import FieldCipher, KeyRing, generate_key
from doorstep.store import tables as t
from doorstep.store.keys import reseal_personal_data
from tests import factories as f


def test_rotation_reseals_customers_and_staff_with_the_new_key(container: Container) -> None:
    """After rotation every ciphertext carries the new key id and still opens to its value."""
    old_key = container.settings.key_ring()
    b = f.branch(container)
    f.customer(container, b)
    f.staff(container, b, "S1", "王强")
    spec = f"k2:{generate_key()}," + ",".join(f"{k}:{_b64(v)}" for k, v in old_key.keys.items())
    rotated = FieldCipher(KeyRing.parse(spec))
    with container.engine.begin() as conn:
        assert reseal_personal_data(conn, rotated) == 2
        assert reseal_personal_data(conn, rotated) == 0
    with container.engine.connect() as conn:
        row = conn.execute(select(t.customers)).one()
        phone = conn.execute(select(t.staff.c.phone_enc)).scalar_one()
    for token in (row.national_id_enc, row.phone_enc, row.address_enc, phone):
        assert rotated.key_id_of(token) == "k2"
    assert rotated.open(row.phone_enc) == "13812345678"


def _b64(raw: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
