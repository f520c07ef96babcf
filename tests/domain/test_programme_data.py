"""Checks on the hand-checked policy programme data file (こもろ未来プロジェクト2024)."""

import json
from pathlib import Path

DATA_PATH = (
    Path(__file__).resolve().parents[2] / "resources" / "programmes" / "komoro-mirai-2024.json"
)

EXPECTED_PILLARS = [
    (1, "心豊かで自立した人が育つまち", "子育て・教育", 16),
    (2, "豊かな自然と環境を未来につなぐまち", "環境", 7),
    (3, "全ての人のいのちが輝くまち", "健康・福祉", 8),
    (4, "稼ぐ力をもった元気なまち", "産業・交流", 19),
    (5, "安全・安心で暮らしやすいまち", "生活基盤整備", 7),
    (6, "市民協働で支える健全な行政経営", "協働・行政経営", 10),
]

EXPECTED_NEW_CODES = ["1-03", "1-05", "1-06", "1-14", "1-16", "2-05", "3-03"]
EXPECTED_CIRCLE_CODES = [
    "1-07",
    "1-14",
    "2-07",
    "3-04",
    "3-07",
    "3-08",
    "4-05",
    "4-06",
    "4-08",
    "4-16",
    "4-17",
    "4-19",
    "5-03",
    "5-07",
    "6-06",
    "6-08",
    "6-09",
]

# (code, title, mark, kind) copied from the seed
SAMPLE_POLICIES = [
    (
        "1-01",
        "若者・子育て世代の希望を実現するため、出会いや結婚、子育てまでのライフステージに応じた支援の充実に取り組み、「自然増への挑戦」を行います",
        "★",
        "継続",
    ),
    (
        "1-03",
        "3歳未満児の保育料の軽減措置については県と連携協力して内容を充実させます",
        "★",
        "新規",
    ),
    ("1-09", "早期からの教育相談・支援の充実と特別支援教育の推進", "★", "継続"),
    ("1-14", "郷土学習の場を設け、郷土愛溢れた子どもの育成に努めます", "●", "新規"),
    ("1-16", "全ての人の人権が尊重されるジェンダー平等社会の構築を目指します", "★", "新規"),
    ("2-01", "積極的な意識啓発と適正なごみ処理により、ごみの減量と再資源化を進めます", "★", "継続"),
    ("2-05", "環境省に選定された脱炭素先行地域を着実に実施していきます", "★", "新規"),
    ("3-03", "帯状疱疹ワクチン及びコロナ感染症ワクチンの接種費用の助成を実現します", "★", "新規"),
    ("3-08", "生きがいを実感し、社会貢献できる仕組みを構築します", "●", "継続"),
    (
        "4-02",
        "「小諸アグリシフトプロジェクト」の推進と併せ、2022年に開催した「米・食味分析鑑定コンクール世界大会 in こもろ」をレガシーとして良食味米を全国に向けて積極的にアピールします",
        "★",
        "継続",
    ),
    (
        "4-06",
        "産学官や地域と連携することで、技術高度化や新産業の創出により地域産業の活性化を図ります",
        "●",
        "継続",
    ),
    ("4-19", "北国街道を活用した面的な観光戦略を立て、実践します", "●", "継続"),
    (
        "5-05",
        "公民共同企業体「(株)水みらい小諸」の委託業務管理を厳格に行うことで水道水の安定供給と事業の持続的な安定経営を進めます",
        "★",
        "継続",
    ),
    (
        "5-07",
        "あらゆる災害を想定した訓練と準備をすることで、大規模災害に対する本市の脆弱性を克服し「災害に強いまちづくり」を進めます",
        "●",
        "継続",
    ),
    (
        "6-01",
        "行政経営の「ムダ・ムリ・ムラ」を徹底的に排除し、市民益につながる業務に「人・時間・お金」を振り向け、行政サービスを向上させます",
        "★",
        "継続",
    ),
    ("6-09", "自治会の今後の在り方（地縁団体への移行、合区等）に関する支援", "●", "継続"),
]


def _load():
    return json.loads(DATA_PATH.read_text(encoding="utf-8"))


def _policies(data):
    return [q for p in data["pillars"] for q in p["policies"]]


def test_top_level_fields():
    data = _load()
    assert data["code"] == "komoro-mirai-2024"
    assert data["name"] == "こもろ未来プロジェクト2024"
    assert data["author"] == "小泉俊博"
    assert data["published"] == "2024-02-10"
    assert data["period_start"] == 2024
    assert data["period_end"] == 2027
    assert data["vision"].startswith("健幸都市こもろ「小諸版ウエルネスシティ」")


def test_stances():
    stances = _load()["stances"]
    assert [s["number"] for s in stances] == [1, 2, 3]
    for s in stances:
        assert s["title"].strip()
        assert len(s["text"]) > 20
    assert stances[0]["title"] == "民間の発想と着眼点で「ワクワク」する市政を創り、行動します"


def test_pillars_and_counts():
    pillars = _load()["pillars"]
    assert len(pillars) == 6
    for pillar, (number, name, field, count) in zip(pillars, EXPECTED_PILLARS, strict=True):
        assert pillar["number"] == number
        assert pillar["name"] == name
        assert pillar["field"] == field
        assert len(pillar["intro"]) > 20
        assert len(pillar["policies"]) == count, (number, len(pillar["policies"]))


def test_codes_unique_and_ordered():
    data = _load()
    codes = [q["code"] for q in _policies(data)]
    expected = [
        f"{number}-{i:02d}" for number, _, _, count in EXPECTED_PILLARS for i in range(1, count + 1)
    ]
    assert len(codes) == 67
    assert len(set(codes)) == 67
    assert codes == expected


def test_kinds():
    policies = _policies(_load())
    assert {q["kind"] for q in policies} <= {"新規", "継続"}
    assert [q["code"] for q in policies if q["kind"] == "新規"] == EXPECTED_NEW_CODES


def test_marks():
    policies = _policies(_load())
    assert {q["mark"] for q in policies} <= {"★", "●"}
    circles = [q["code"] for q in policies if q["mark"] == "●"]
    assert len(circles) == 17
    assert circles == EXPECTED_CIRCLE_CODES


def test_titles_and_texts_clean():
    for q in _policies(_load()):
        title, text = q["title"], q["text"]
        assert title.strip(), q["code"]
        assert not title.startswith(("★", "●")), q["code"]
        assert not title.endswith(("（継続）", "（新規）")), q["code"]
        assert "**" not in title and "#" not in title, q["code"]
        assert len(text) > 20, q["code"]
        assert "**" not in text, q["code"]
        assert "後援会" not in text and "ご 注 意" not in text, q["code"]


def test_sample_titles():
    by_code = {q["code"]: q for q in _policies(_load())}
    for code, title, mark, kind in SAMPLE_POLICIES:
        q = by_code[code]
        assert q["title"] == title, code
        assert q["mark"] == mark, code
        assert q["kind"] == kind, code


def test_broken_lines_joined():
    by_code = {q["code"]: q for q in _policies(_load())}
    assert "専門的な教育相談・支援が受けられるよう" in by_code["1-09"]["text"]
    assert "自主防災組織を全ての区において設立" in by_code["5-06"]["text"]
    assert by_code["6-10"]["text"].endswith("その関係性をより強化していきます。")
