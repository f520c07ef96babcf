"""CLI: suggest (policies and wards for a text), --evaluate a labelled file, --stats of uptake."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.common import CommandError, add_db_options, command, parse_date, print_json
from komoro_feedback.domain.suggestion import EvaluationResult, LabelledText, Suggestions
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.suggestion_service import SuggestionService


def register(sub: Any) -> None:
    p = sub.add_parser(
        "suggest",
        help=_("意見の本文から政策の候補と区を推定（--evaluate で精度を測定）"),
    )
    add_db_options(p)
    p.add_argument("text", nargs="?", default=None, help=_("意見の本文"))
    p.add_argument("--top", type=int, default=3, metavar="K", help=_("候補の数"))
    p.add_argument(
        "--evaluate",
        type=Path,
        metavar="FILE.tsv",
        help=_("「政策コード<TAB>本文」の行を読み、上位1件・上位3件の正解率を表示"),
    )
    p.add_argument(
        "--train",
        type=Path,
        action="append",
        default=[],
        metavar="FILE.tsv",
        help=_("同じ形式のファイルを市が分類済みの意見として学習（メモリ上のみ）"),
    )
    p.add_argument(
        "--folds",
        type=int,
        default=0,
        metavar="N",
        help=_("評価ファイルをN分割し、他の部分で学習して各部分を評価（交差検証）"),
    )
    p.add_argument("--stats", action="store_true", help=_("候補の採用率を表示"))
    p.add_argument("--from", dest="date_from", type=parse_date, default=None)
    p.add_argument("--to", dest="date_to", type=parse_date, default=None)
    command(p, cmd_suggest)


def cmd_suggest(args: argparse.Namespace, sv: Services) -> int:
    if args.stats:
        return _stats(args, sv)
    if args.evaluate is not None:
        return _evaluate(args, sv)
    if not args.text:
        raise CommandError(_("本文、--evaluate FILE または --stats を指定してください。"))
    service = sv.suggestions
    _train(service, args.train)
    result = service.suggest(args.text, top=max(args.top, 1))
    if args.json:
        print_json(_suggestions_json(result))
        return 0
    for i, p in enumerate(result.policies, 1):
        why = "、".join(p.reasons)
        print(f"{i}. {p.code} {p.mark} {p.title}  ({p.score:.2f})  {why}")
    if not result.policies:
        print(_("候補はありません。"))
    for place in result.places:
        print(_("場所: {name}（{district}）").format(name=place.name, district=place.district_name))
    return 0


def _suggestions_json(result: Suggestions) -> dict[str, Any]:
    return {
        "policies": [
            {
                "code": p.code,
                "title": p.title,
                "mark": p.mark,
                "score": p.score,
                "reason": p.reasons,
            }
            for p in result.policies
        ],
        "wards": [
            {"name": w.name, "ward_id": w.ward_id, "district": w.district_name}
            for w in result.wards
        ],
        "districts": [
            {"name": d.name, "district_id": d.district_id} for d in result.places if not d.is_ward
        ],
    }


def read_labelled(path: Path) -> list[LabelledText]:
    """Lines of `policy_code<TAB>comment` (several codes may be comma-separated)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise CommandError(_("ファイルを読めません: {p}").format(p=path)) from exc
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        code, sep, text = line.partition("\t")
        if not sep or not text.strip():
            raise CommandError(
                _("{p} の {n} 行目が「政策コード<TAB>本文」の形ではありません。").format(
                    p=path, n=n
                )
            )
        codes = tuple(c.strip() for c in code.split(",") if c.strip())
        out.append(LabelledText(text.strip(), codes))
    return out


def _train(service: SuggestionService, files: list[Path]) -> int:
    return sum(service.add_examples(read_labelled(f)) for f in files)


def _evaluate(args: argparse.Namespace, sv: Services) -> int:
    examples = read_labelled(args.evaluate)
    if not examples:
        raise CommandError(_("評価する行がありません。"))
    if args.folds and args.folds > 1:
        items = []
        for k in range(args.folds):
            # A fresh model per fold: the other folds are its only city-tagged examples.
            from komoro_feedback.services.suggestion_service import SuggestionService

            service = SuggestionService(sv.db, sv.actor)
            _train(service, args.train)
            service.add_examples(e for i, e in enumerate(examples) if i % args.folds != k)
            test = [e for i, e in enumerate(examples) if i % args.folds == k]
            items.extend(service.evaluate(test, top=args.top).items)
        result = EvaluationResult(tuple(items))
    else:
        service = sv.suggestions
        _train(service, args.train)
        result = service.evaluate(examples, top=args.top)
    if args.json:
        print_json(
            {
                "file": str(args.evaluate),
                "count": len(result.items),
                "top1": round(result.top1, 4),
                "top3": round(result.top3, 4),
                "folds": args.folds or None,
                "items": [
                    {"expected": i.expected, "ranked": list(i.ranked), "text": i.text}
                    for i in result.items
                ],
            }
        )
    else:
        print(
            _("{n} 件: 上位1件の正解率 {t1:.1%}、上位3件の正解率 {t3:.1%}").format(
                n=len(result.items), t1=result.top1, t3=result.top3
            )
        )
    return 0


def _stats(args: argparse.Namespace, sv: Services) -> int:
    st = sv.suggestions.acceptance(args.date_from, args.date_to)
    if args.json:
        print_json(
            {
                "comments": st.comments,
                "with_suggestions": st.with_suggestions,
                "accepted": st.accepted,
                "rate": None if st.rate is None else round(st.rate, 4),
            }
        )
        return 0
    rate = "-" if st.rate is None else f"{st.rate:.1%}"
    print(
        _("記録 {n} 件のうち候補を表示 {s} 件、採用 {a} 件（採用率 {r}）").format(
            n=st.comments, s=st.with_suggestions, a=st.accepted, r=rate
        )
    )
    return 0
