"""The otpauth:// address as a QR code for the setup page: segno encodes it, and the page draws
the modules as one SVG path (each run of dark modules in a row is a line one module thick). The
path holds only numbers and letters, so the template inserts it escaped like any other value:
no image file, no markup marked safe, nothing for the Content-Security-Policy to allow."""

from dataclasses import dataclass

import segno

BORDER = 4  # the quiet zone scanners need, in modules
PIXELS_PER_MODULE = 5


@dataclass(frozen=True)
class QrCode:
    modules: int  # the width and height, quiet zone included
    path: str

    @property
    def pixels(self) -> int:
        return self.modules * PIXELS_PER_MODULE


def qr_code(data: str) -> QrCode:
    rows = [list(row) for row in segno.make(data, error="m").matrix_iter(border=BORDER)]
    parts = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start} {y}.5h{x - start}")
    return QrCode(modules=len(rows), path="".join(parts))
