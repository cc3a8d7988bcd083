"""Personal data: AES-GCM field encryption with key rotation, and masking."""

import pytest
from cryptography.exceptions import InvalidTag

from doorstep.core.crypto import FieldCipher, KeyRing, generate_key
from doorstep.core.errors import ConfigurationError
from doorstep.core.logging import scrub
from doorstep.core.masking import mask_address, mask_national_id, mask_phone


def test_sealed_values_open_and_never_show_the_plaintext() -> None:
    """A sealed national id opens to itself and its ciphertext does not contain it."""
    cipher = FieldCipher(KeyRing.parse(f"k1:{generate_key()}"))
    token = cipher.seal("440301199001011234")
    assert token is not None and "440301199001011234" not in token
    assert cipher.open(token) == "440301199001011234"
    assert cipher.seal("x") != cipher.seal("x")


def test_rotation_keeps_old_values_readable_and_reseals_with_new_key() -> None:
    """After adding a new active key, old values open and reseal moves them to the new key."""
    k1, k2 = generate_key(), generate_key()
    old = FieldCipher(KeyRing.parse(f"k1:{k1}"))
    token = old.seal("13812345678")
    rotated = FieldCipher(KeyRing.parse(f"k2:{k2},k1:{k1}"))
    assert rotated.open(token) == "13812345678"
    new = rotated.reseal(token)
    assert new is not None and rotated.key_id_of(new) == "k2"
    assert FieldCipher(KeyRing.parse(f"k2:{k2}")).open(new) == "13812345678"


def test_tampered_ciphertext_is_refused() -> None:
    """A ciphertext altered at rest fails authentication instead of decrypting to garbage."""
    cipher = FieldCipher(KeyRing.parse(f"k1:{generate_key()}"))
    token = cipher.seal("13812345678")
    assert token is not None
    body = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(InvalidTag):
        cipher.open(body)


def test_bad_key_configuration_fails_loudly() -> None:
    """A short key or an empty key spec is a configuration error."""
    with pytest.raises(ConfigurationError):
        KeyRing.parse("k1:c2hvcnQ")
    with pytest.raises(ConfigurationError):
        KeyRing.parse("")


def test_masks_follow_bank_conventions() -> None:
    """National ids keep 6+4 digits, phones 3+4, addresses stop at the district."""
    assert mask_national_id("440301199001011234") == "440301********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_address("广东省深圳市南山区科技园路1号") == "广东省深圳市南山区****"


def test_logs_scrub_phone_numbers_and_national_ids() -> None:
    """A phone or national id that slips into a log line is masked."""
    line = scrub("客户 13812345678 身份证 44030119900101123X")
    assert "13812345678" not in line and "44030119900101123X" not in line
    assert "138****5678" in line
