"""The setup page's QR code: the path draws exactly segno's dark modules, quiet zone included,
and carries nothing but numbers and drawing letters."""

import re

import segno

from impactinkoop.signin.qr import BORDER, qr_code

URI = (
    "otpauth://totp/Impactinkoop:alice%40voorbeeldstad.example?secret=ABCDEFGH&issuer=Impactinkoop"
)


def test_the_path_draws_segnos_modules():
    drawn = qr_code(URI)
    dark = set()
    for x, y, run in re.findall(r"M(\d+) (\d+)\.5h(\d+)", drawn.path):
        dark |= {(int(x) + step, int(y)) for step in range(int(run))}
    rows = list(segno.make(URI, error="m").matrix_iter(border=BORDER))
    expected = {(x, y) for y, row in enumerate(rows) for x, module in enumerate(row) if module}
    assert dark == expected
    assert drawn.modules == len(rows) and drawn.pixels == 5 * len(rows)
    assert re.fullmatch(r"(M\d+ \d+\.5h\d+)+", drawn.path)
