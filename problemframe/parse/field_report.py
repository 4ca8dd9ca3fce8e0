"""A bug report from someone running the product: 'Export to PDF is blank since 4.12.2. Chrome 131, self-hosted.'

On a public tracker most bug reports come from the people who meet the bug, and many say so only by what they
give: the version they run, the one that still worked, their browser, OS or deployment. That is one user's
first-hand report, thin evidence but not none. A bug found by the team itself (on staging, in a QA run, behind a
feature flag) says so, and is no customer's.
"""

from __future__ import annotations

import re

from problemframe.model import Evidence, EvidenceKind
from problemframe.parse.cues import AnyOf
from problemframe.parse.document import Document
from problemframe.parse.text import sentences, squash

# What the writer runs: 'Chrome 131', 'macOS 14 arm64', 'Node 20.12', 'self-hosted docker', 'on my iPhone'.
# Written in lower case and run on lowered text: ignoring case makes a long alternation several times slower.
_SETUP = re.compile(
    r"\b(?:chrome|chromium|firefox|safari|edge|brave|opera|node(?:\.js)?|deno|bun|python|ruby|php|java|jdk|\.net"
    r"|ios|ipados|android|macos|os ?x|windows|ubuntu|debian|fedora|arch|alpine|rhel|centos|kubernetes|k8s"
    r"|docker|postgres(?:ql)?|mysql|mariadb|xcode|kotlin|rust|rustc|go)\s?v?\d+(?:\.\d+)*\b"
    r"|\bself[- ]hosted\b|\bon-?prem(?:ise|ises)?\b|\bdocker(?:-compose| compose)?\b|\bhelm chart\b"
    r"|\b(?:on|with) my (?:iphone|ipad|phone|laptop|mac|macbook|tablet|pc|android|pixel|galaxy)\b"
)
# The version that broke it, or the one that still worked: 'since 4.12.2', 'worked in 4.12.1', 'after upgrading'.
_REGRESSED = re.compile(
    r"\b(?:since|after|from) (?:upgrading|updating|the (?:last )?(?:update|upgrade)|v?\d+\.\d+)"
    r"|\b(?:worked|works|was fine|was working|used to work)(?: fine)? (?:in|on|with|before|until) v?\d+\.\d+",
    re.IGNORECASE,
)
# The team finding its own bug: 'found by QA on staging', 'no customer has reported it', 'our users'. Both patterns
# are run on lowered text: ignoring case in these long alternations is several times slower.
FOUND_INTERNALLY = AnyOf(re.compile(
    r"\bstaging\b|\bqa\b|\buat\b|\b\d+\.\d+\.\d+-rc\b|\btest devices?\b|\btestflight\b"
    r"|\btest (?:account|run|suite|case|plan|tenant|env\w*)\b|\b(?:the|our|a) demo (?:unit|account|tenant|environment"
    r"|instance|device|site|kiosk)\b"
    r"|\bregression (?:run|suite|tests?)"
    r"|\brelease candidate\b|\bfeature flag\b|\bbehind (?:a|the) flag\b|\bfound (?:it |this )?(?:while|during|when)\b"
    r"|\bno (?:customer|user|merchant|client)s? (?:ha(?:ve|s)|reported|noticed)\b|\bnot (?:yet )?(?:been )?"
    r"(?:seen|reported|hit)(?! (?:anyone|anybody|it|this|that) )\b"
    r"|\bour (?:users|customers|clients|merchants|tenants)\b"
    # Our own people using the product: 'Our own implementation team logs onboarding hours in it'.
    r"|\bour own (?:[\w-]+ ){0,2}(?:team|staff|people|colleagues|engineers)\b|\bdogfood\w*"
    r"|\b(?:found|caught|spotted|reported) internally\b|\binternal(?:ly)? (?:qa|testing|tests?|review|audit|monitoring"
    r"|dogfood\w*|found|caught|spotted)\b|\bfound by @"
    # Filed by an error tracker or a monitor, not a person: 'This issue was created automatically by Sentry'.
    r"|\b(?:created|opened|filed|generated|raised) automatically\b|\bautomatically (?:created|opened|filed)\b"
    r"|\bauto-?(?:generated|created|filed)\b|\bsentry issue\b|sentry\.io/issues/"
    # A colleague at work: 'While profiling the nightly run I noticed', 'I'm the intern on the Cards squad'.
    r"|\bwhile (?:working on|profiling|debugging|benchmarking|refactoring|reviewing)\b"
    r"|\b(?:i'm|i am) (?:the |an? )?(?:[\w-]+ )?(?:intern|engineer|developer|pm) (?:on|in) the\b"
    r"|\b(?:the|an|our|summer) intern\b|\(intern\)"
    r"|praktikant|stagiaire|becari[oa]|estagiári[oa]|stagista|stażyst\w*",
))
# A maintainer at work: 'we shipped', 'while preparing the 6.0-beta.2 notes', 'ran the cold-start benchmark'.
_MAINTAINER_AT_WORK = re.compile(
    r"\bwe (?:shipped|released|deployed|changed|introduced|broke)\b|\broll(?:ed)? ?out\b"
    r"|\bpreparing the\b|\brelease notes\b|\bran the (?:[\w-]+ )?benchmark|\bbefore (?:the )?(?:[\d.]+ )?(?:ga|release"
    r"|launch)\b",
)

# A template's own example ('OS: [e.g. Android 11]') is nobody's setup.
_EXAMPLE = re.compile(r"\[e\.?g\.?[^\]\n]*\]", re.IGNORECASE)


def names_a_setup(text: str) -> bool:
    """Return whether text names the setup its writer runs: a browser, OS or runtime with its version, a deployment."""
    return _SETUP.search((_EXAMPLE.sub("", text) if "[" in text else text).lower()) is not None


def field_report(document: Document) -> Evidence | None:
    """Return a bug report's evidence as one user's first-hand report, when its writer reports their own setup."""
    said = _EXAMPLE.sub("", "\n".join(block.text for block in document.blocks if block.kind != "code"))
    lowered = said.lower()
    if FOUND_INTERNALLY.found(lowered) or _MAINTAINER_AT_WORK.search(lowered) or not (
            _SETUP.search(lowered) or _REGRESSED.search(said)):
        return None
    running = [sentence for block in document.blocks if block.kind in ("paragraph", "item")
               for sentence in sentences(block.text)]
    cue = next((sentence for sentence in running if _REGRESSED.search(sentence)), running[0] if running else None)
    if cue is None:
        return None
    words = squash(cue)[:300]
    return Evidence(kind=EvidenceKind.FIRST_HAND, quote=words, text=f"A user's own report: {words}")
