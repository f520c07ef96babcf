"""Regenerate the import test files (run from this folder with the project's Python)."""

import io
import zipfile

from openpyxl import Workbook

H = "本文,区,政策コード,種別,受付日\r\n"
GOOD = [
    ("保育園の送迎で道が混むので対策を", "乙女", "1-04", "要望", "2024-05-01"),
    ("公民館の駐車場を広げてほしい", "大久保", "", "意見", "2024-05-02"),
]


def rows(rs):
    return "".join(",".join(r) + "\r\n" for r in rs)


def write(name, data):
    with open(name, "wb") as f:
        f.write(data)


write("good_utf8_bom.csv", (H + rows(GOOD)).encode("utf-8-sig"))
write("good_utf8.csv", (H + rows(GOOD)).encode("utf-8"))
write("good_sjis.csv", (H + rows(GOOD)).encode("cp932"))
evil = [
    ('"=HYPERLINK(""http://evil"",""x"")"', "乙女", "1-04", "要望", "2024-05-03"),
    ("@SUM(A1)", "乙女", "1-04", "要望", "2024-05-03"),
]
write("formula.csv", (H + rows(GOOD + evil)).encode("utf-8-sig"))
wrong = [
    ("日付が変", "乙女", "1-04", "要望", "去年の春"),
    ("区が無い", "存在しない区", "9-99", "雑談", "2024-05-01"),
]
write("wrong_types.csv", (H + rows(GOOD + wrong)).encode("utf-8"))
write(
    "huge_cell.csv",
    (H + rows([*GOOD, ("長" * 12000, "乙女", "1-04", "要望", "2024-05-01")])).encode(),
)
write(
    "wrong_encoding.csv",
    "本文,区\r\n".encode() + bytes([0x81, 0x7F, 0xA0, 0xFF, 0xFE, 0x80]) + b",x\r\n",
)
write("binary.csv", b"\x00\x01\x02PNG\x00" * 50)

wb = Workbook()
ws = wb.active
ws.title = "意見"
ws.append(["本文", "区", "政策コード", "種別", "受付日"])
for r in GOOD:
    ws.append(list(r))
buf = io.BytesIO()
wb.save(buf)
data = buf.getvalue()
write("good.xlsx", data)
write("truncated.xlsx", data[: len(data) // 2])
write("not_a_zip.xlsx", "これはExcelファイルではありません".encode() * 20)
with zipfile.ZipFile("zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", "<x/>")
    z.writestr("xl/workbook.xml", "<x/>")
    with z.open("xl/worksheets/sheet1.xml", "w") as f:
        for _ in range(64):
            f.write(b" " * (1 << 20))
wb = Workbook()
ws = wb.active
ws.title = "意見"
ws.append(["本文", "区", "政策コード", "種別", "受付日"])
ws.append(list(GOOD[0]))
ws.append(["=1+1", "乙女", "1-04", "要望", "2024-05-01"])
wb.save("formula.xlsx")
