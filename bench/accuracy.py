"""Agreement with careful readers over the labelled corpus: per part, exact tier, false customers, invented metrics.

    python bench/accuracy.py                 # tests/corpus, summary
    python bench/accuracy.py --show          # also each disagreement, ticket by ticket
    python bench/accuracy.py --corpus DIR    # another labelled set in the same layout (DIR/*/labels.yaml)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.corpus.judge import CorpusResult, judge_corpus, load_corpus  # noqa: E402

PARTS = ("problem", "evidence", "metric")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus")
    parser.add_argument("--show", action="store_true", help="Print every disagreement.")
    parser.add_argument("--smoke", action="store_true", help="Run as CI does: fail only on a crash.")
    args = parser.parse_args()
    tickets = load_corpus(args.corpus)
    if not tickets:
        print(f"no labelled tickets under {args.corpus}", file=sys.stderr)
        return 2
    result = judge_corpus(tickets)
    if args.show:
        for line in result.disagreements:
            print(line)
        print()
    print_summary(result)
    return 1 if result.crashes else 0


def print_summary(result: CorpusResult) -> None:
    total = result.total
    print(f"tickets: {total}  (crashes: {result.crashes})")
    for part in PARTS:
        agree = result.agree[part]
        print(f"  {part:<9} agreement {agree / total:6.1%}  ({agree}/{total})")
    print(f"  tier      exact       {result.tier_exact / total:6.1%}  ({result.tier_exact}/{total})")
    print(f"  customers false {result.false_customers} of {result.found_customers} found; "
          f"missed {result.missed_customers} of {result.labelled_customers} labelled")
    print(f"  metrics   invented {result.invented_metrics}; values differ {result.wrong_values} "
          f"of {result.valued} labelled with values")
    for batch, (agree, count) in sorted(result.by_batch.items()):
        print(f"    {batch:<10} {agree / (count * 3):6.1%} of {count * 3} part judgements")


if __name__ == "__main__":
    raise SystemExit(main())
