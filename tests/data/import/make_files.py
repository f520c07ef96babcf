"""Regenerate the import test files (run from this folder with the project's Python)."""

import io
import re
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

# --- strict CSV: unclosed quotes (issue 12) ---
write(
    "unclosed_quote_end.csv",
    (H + rows(GOOD) + '"最後の行の意見,乙女,1-04,要望,2024-05-03\r\n').encode("utf-8"),
)
MID = [
    ('"保育園の送迎で道が混むので対策を', "乙女", "1-04", "要望", "2024-05-01"),
    ("公民館の駐車場を広げてほしい", "大久保", "", "意見", "2024-05-02"),
    ("図書館の開館時間を延ばして", "乙女", "1-04", "要望", "2024-05-03"),
    ('"ごみ集積所"の場所を変えて', "乙女", "1-04", "要望", "2024-05-04"),
]
write("unclosed_quote_middle.csv", (H + rows(MID)).encode("utf-8"))
# The stray quote on row 4 closes the one opened on row 2: valid CSV, but rows 3-4 would
# become part of row 2's comment.
MID_CLOSED = [
    ('"保育園の送迎で道が混むので対策を', "乙女", "1-04", "要望", "2024-05-01"),
    ("公民館の駐車場を広げてほしい", "大久保", "", "意見", "2024-05-02"),
    ('図書館の開館時間を延ばして"', "乙女", "1-04", "要望", "2024-05-03"),
    ("ごみ集積所の場所を変えて", "乙女", "1-04", "要望", "2024-05-04"),
]
write("unclosed_quote_swallows.csv", (H + rows(MID_CLOSED)).encode("utf-8"))
# A comment that really spans lines (quoted, with commas inside): must still import.
MULTI = [('"一行目、です\r\n二行目, 読点はカンマ"', "乙女", "1-04", "要望", "2024-05-01")]
write("multiline_ok.csv", (H + rows(MULTI + GOOD[1:])).encode("utf-8"))

# --- encodings (issue 12): ASCII headers, Japanese data ---
HA = "text,ward,policy_codes,kind,received_on\r\n"
write("good_euc_jp.csv", (HA + rows(GOOD)).encode("euc_jp"))
write("good_iso2022jp.csv", (HA + rows(GOOD)).encode("iso2022_jp"))
write("good_cp932_ascii_header.csv", (HA + rows(GOOD)).encode("cp932"))
write(
    "broken_utf8.csv",
    (H + rows(GOOD)).encode("utf-8") + "区の意見".encode() + b"\xff" + ",乙女\r\n".encode(),
)
write("gaiji_cp932.csv", (H + rows(GOOD)).encode("cp932") + b"\xf0\x40,x\r\n")
write("utf16.csv", (H + rows(GOOD)).encode("utf-16"))

# --- dates as the city writes them (issue 12) ---
DATES = ["２０２４／５／１", "2024/5/1 9:00", "令和6年5月1日", "令和元年5月1日", "平成31年4月30日",
         "R6.5.1", "H31.4.30"]  # fmt: skip
write(
    "city_dates.csv",
    (
        H + rows([(f"日付の書き方{i}", "乙女", "1-04", "要望", d) for i, d in enumerate(DATES)])
    ).encode("cp932"),
)
write(
    "bad_era_date.csv",
    (H + rows([GOOD[0], ("改元の前の日", "乙女", "1-04", "要望", "令和元年4月30日")])).encode(),
)


# --- xlsx whose <dimension> lies (issue 12) ---
def with_dimension(rows_, ref):
    wb = Workbook()
    ws = wb.active
    ws.title = "意見"
    ws.append(["本文", "区", "政策コード", "種別", "受付日"])
    for r in rows_:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
            zout.writestr(info, data)
    return out.getvalue()


THIRD = ("図書館の開館時間を延ばして", "乙女", "1-04", "要望", "2024-05-03")
write("stale_dimension.xlsx", with_dimension([*GOOD, THIRD], "A1:E2"))
MANY = [(f"意見その{i}", "乙女", "1-04", "要望", "2024-05-01") for i in range(1, 61)]
write("rows_past_dimension.xlsx", with_dimension(MANY, "A1:E3"))
