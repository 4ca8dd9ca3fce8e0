"""Words that say what hurts ('cannot', 'by hand', 'timed out', 'quebra', '消えた'), and how many words a text has."""

from __future__ import annotations

import re
from itertools import islice

# Written in lower case and run on the lowered text: the case-insensitive flag makes this long alternation
# several times slower.
_PAIN = re.compile(
    r"\b(?:can'?t|cannot|can ?not|unable|fail\w*|broken|slow\w*|lose|losing|lost|churn\w*|complain\w*|frustrat\w*"
    r"|pain\w*|hurt\w*|struggl\w*|stuck|block\w*|errors?|time ?outs?|timing out|timed out|manual\w*|by hand|waste\w*"
    r"|costs?|costing|hours?|because|so that|problem\w*|issues?|difficult\w*|hard to|confus\w*|annoy\w*|risk\w*"
    r"|miss\w*|wait\w*|delay\w*|workarounds?|drop(?:s|ping)? off|abandon\w*|currently|today|forced|have to|must"
    r"|need to|don'?t|doesn'?t|won'?t|never|too|wrong|incorrect\w*|garbled|corrupt\w*|crash(?!lytics)\w*|unusable"
    r"|unreadable"
    r"|friction|forget\w*|forgot|give up|gave up|tedious|cumbersome|hassle|clunky|error-prone|lose track"
    r"|could ?n[o']?t|did ?n[o']?t|leak\w*|expos\w*|breach\w*|vulnerab\w*|insecure|non-?complian\w*|violat\w*"
    r"|outages?|incidents?|bloat\w*|maintenance mode|deprecated|end of life|unsupported|largest|biggest|hard on"
    r"|strain\w*|uncomfortable|eol|out of support|no longer supported|no way to|there(?:'s| is) no|lacks?|impossible"
    r"|surprised|brutal|sluggish|expensive|overwhelm\w*|tired of|stale|outdated|inconsistent\w*"
    # 'blinding when the lights are dimmed', 'add time from the phone instead of walking back to the machine'.
    r"|blinding|glare|squint\w*|instead of \w+ing"
    # 'a group of twelve turned away', 'double bookings', 'playback stops dead', 'the audio cuts out'.
    r"|turned away|turn(?:s|ing)? (?:them |people |customers )?away|double[- ]?book\w*|overbook\w*"
    r"|stops (?:dead|working|responding|playing|loading|printing|syncing|counting)|cuts? out"
    r"|no pueden?|tienen que|pierden?|fall\w+|horas|manualmente|können nicht|kann nicht|müssen|dauert|fehler\w*"
    r"|manuell|stunden|ne peuvent pas|doivent|perdent|heures|verpass\w*|zu viele|nervt|nervig|umständlich|ärgerlich"
    r"|faux|fausses?|décal\w+|erron\w+|bloqu\w+|plant\w+|impossible de|n'arrive pas"
    r"|keine möglichkeit|trop de|manqu\w+|demasiad[oa]s|no puedo|pierdo|perco|demais"
    # Limits and what they cost: 'can only export 5,000 rows', 'a half-day of clicking', 're-typing every month'.
    r"|can only|only (?:supports?|allows?|lets)|limited to|capped|not possible|isn'?t possible|not supported"
    r"|half[- ]day|all day|whole day|afternoon|hand-\w+|repetitive|mistakes?|re-?typ\w+|re-?enter\w*"
    r"|copy(?:ing)?[- ]and[- ]past\w*|copy-?past\w*|angry|upset|unhappy|furious|unclear|misleading|silently"
    r"|out of sync|inaccurate|bottleneck|overdue|penalt\w+|fines?|regress\w+|flaky|degrad\w+"
    r"|no funciona|no se puede|não (?:consigo|conseguem?|funciona)|funktioniert nicht|ne (?:fonctionne|marche) pas"
    r"|non funziona|çalışmıyor|tidak bisa"
    # Something that should happen does not: 'gems not arrive', 'still shows last week', 'no answer', 'janky'.
    r"|not (?:applied|arriv\w*|work\w*|show\w*|load\w*|there|received|updat\w*|sync\w*|sav\w*|sent|delivered"
    r"|available|accepted|recogni[sz]ed)|isn'?t|aren'?t|wasn'?t|weren'?t|hasn'?t|haven'?t|isnt|doesnt|dont|cant"
    r"|still (?:shows?|showing|served|has|have|is|are|uses?|using|running)|nothing happens|no (?:answer|response|reply)"
    r"|gone|disappear\w*|stopped|janky|laggy|freez\w*|stutter\w*|even when|even though"
    # What a user in a hurry writes: 'takes forever', 'returns nothing', 'fix it pls'.
    r"|forever|returns nothing|returns no results|shows nothing|finds nothing|nothing comes up|fix it pls"
    r"|pls fix|please fix"
    r"|cuma|hanya|tidak|belum|gak|nggak|ribet|susah|yok|olmuyor|gelmiyor|non (?:riesco|posso|arriva)"
    r"|no (?:puedo|llega|aparece|carga|recibe)|não (?:chega|aparece|carrega|recebe)|nicht mehr|geht nicht"
    r"|a mano|a mão|von hand|à la main|dimentic\w*|olvid\w*|esquec\w*|vergess\w*|oubli\w*|non viene|muy mal\w*"
    r"|schlecht\w*|difícil|difficile|schwierig|lent[oa]|langsam|perd\w*|verlier\w*|verloren|errore|erro"
    r"|twice|two times|dos veces|duas vezes|zweimal|deux fois|due volte|molest\w*|genervt|agacé\w*"
    # The same in the other languages tickets arrive in: a problem, today, it breaks, it is slow, it is missing.
    r"|probl[eèé]m\w*|aujourd'hui|actuellement|hoje|atualmente|hoy|actualmente|ahora mismo|heute|derzeit|aktuell"
    r"|oggi|attualmente|vandaag|momenteel|obecnie|idag|i dag|just nu|frein\w*|ailleurs|n'(?:est|a|ont|y a) pas"
    r"|ne \w+ pas|n'\w+ pas|ne \w+ plus|pas (?:de|encore)|quebr\w+|trav(?:a|ou|ando|ado|ada|am|ar)"
    r"|demor\w+|falh\w+|não"
    r"|no (?:hay|tiene|tienen|es|se|sabe\w*)|tarda\w*|sólo|solo aparece|nicht|kein\w*|aufwand\w*|niet|geen"
    r"|handmatig|traag|nie|ręcznie|błęd\w*|inte|ingen|inget|manuellt|långsam\w*|non (?:c'è|è|si|ha)|manuale"
    r"|costa|cuesta|coûte\w*|kost\w*|risque\w*|riesgo\w*|risco\w*|risiko\w*|rischio"
    # 'received no statement', 'still on paper', 'weil … falsch', 'teniamo ancora un quaderno', 'fast den producerar'.
    r"|(?:received|got|gets|receive) no|on paper|paper (?:chart|form|log|list|notebook)s?|in a (?:side )?spreadsheet"
    r"|weil|falsch\w*|beschwer\w*|unangenehm|stimmt nicht|zu (?:hoch|niedrig|spät|lang)|ancora|sbagliat\w*|purtroppo"
    r"|scomod\w*"
    r"|doppi[oae]|perché|fel|felaktig\w*|måste|tyvärr|fungerar inte|krånglig\w*|onödig\w*|fout\w*|helaas|omslachtig"
    r"|źle|niestety|musimy|muszą|błędn\w*"
    # 'every time', 'by hand', 'today', 'a mistake' in the languages the words above miss them in.
    r"|every time|each time|jedes ?mal|per hand|händisch|mühsam|aufw[eä]ndig|fehleranfällig"
    r"|à chaque fois|chaque fois|manuellement|fastidieu\w*|pénible|erreurs?|cada vez|toda vez|ogni volta"
    r"|errores|erros|errori|met de hand|gaat (?:het|dat|er) mis|achteraf|elke keer|telkens|lastig"
    r"|för hand|varje gång|svårt|slipper|dziś|dzisiaj|osobno|za każdym razem|trudn\w+|nie można|nie da się"
    r"|trzeba|błąd|bugün|şu an(?:da)?|zorunda|uğraş\w*|elle|manuel|hata\w*|sorun\w*|maalesef|her seferinde"
    r"|ayrı ayrı|gerekiyor"
    # Czech and Slovak, Finnish, Danish and Norwegian: it does not work, cannot, error, by hand, wrongly, unfortunately.
    r"|nefunguje|nelze|nejde|chyb[aenouy]\w*|špatn\w*|ručně|bohužel|zbytečn\w*|stěžuj\w*|nesedí|pomal\w*|dnes"
    r"|ei toimi|ei voi|ei pysty|virhe\w*|käsin|hidas\w*|joutu\w*|valitta\w*|unohtu\w*|väärin|väär[aä]\w*"
    r"|tällä hetkellä|nykyään|puuttu\w*|virker ikke|fungerer ikke|manuelt|desværre|dessverre|fejl\w*|feil\w*"
    # It crashes, again, nobody knows, it cannot be found, it runs out, they are left out: Finnish, Turkish, Czech,
    # Italian.
    r"|kaatu\w*|uudelleen|kahteen kertaan|ei tiedä|ei näe|ei näy|ei löydy|hankala\w*|bulunamı\w*|kayb\w*|kayıp"
    r"|eksik\w*|tartışma\w*|çök\w*|yapılamı\w*|gecik\w*|yanlış\w*|ruční\w*|padá|spadne|ztrác\w*|nevíme|neví"
    r"|restano fuori|esaurisc\w*|esaurit\w*|reclam\w*|manualmente|non riesc\w*|bloccat\w*|lamentel\w*)\b"
    # Japanese and Chinese run their words together: no word boundaries to look for.
    r"|問題|困って|困る|不便|できない|できません|出来ない|消え|失効|遅い|遅く|エラー|面倒|手動|手作業|気づかない|わからない"
    r"|分からない|されない|表示されない|届かない|ずれ|無駄|不具合|クレーム|苦情|问题|无法|不能|错误|麻烦|手动|太慢"
    r"|丢失|卡顿|不了|手工|人工|出错|只能|看不到|不方便|ておらず|てしまい|てしまう|誤って|誤報|異常"
    r"|現状|現在は|今は|手で|毎回|ミス|手間|時間がかか|大変"
    # Korean: a problem, inconvenient, cannot, does not work, error, slow, missed, by hand, one by one, tedious.
    r"|문제|불편|못 |못해|안 ?돼|안 ?되|오류|에러|실패|느려|느림|누락|깨지|깨져|수동|일일이|하나씩"
    r"|번거|어렵|사라지|사라졌|멈추|멈춰|놓치|빠지|방법이 없|수 없|모릅|모른|다시 만들|재가공|안 봐|헷갈"
    # Korean: currently, entered by hand.
    r"|현재|직접 입력|수기"
    # Chinese: does not know, queue, over and over, out of date, inconsistent, fails, never arrives.
    r"|不知道|排队|好几遍|旧内容|不一致|失败|收不到|来不及|白跑",
)


# A release's own words: 'code freeze Mon 14 Oct', 'halt the rollout if any gate fails'. They plan, nothing hurts.
_RELEASE_WORDS = re.compile(
    r"\b(?:code|feature|release|change|merge|deploy) freeze\b|\bcrash-free\b"
    r"|\bregression (?:suite|tests?|run|testing)\b"
    r"|\b(?:abort|halt|pause|roll ?back|stop)\b[^.;\n]{0,60}?\bif\b[^.;\n]{0,60}"
)


def _lowered(text: str) -> str:
    lowered = text.lower()
    planning = "freeze" in lowered or " if " in lowered or "crash-free" in lowered or "regression " in lowered
    return _RELEASE_WORDS.sub(" ", lowered) if planning else lowered


def pain_words(text: str) -> list[str]:
    """Return the words of a text that say what hurts ('cannot', 'by hand', 'timed out'), lowered."""
    return _PAIN.findall(_lowered(text))


def says_pain(text: str) -> bool:
    """Return whether a text has any word that says what hurts."""
    return _PAIN.search(_lowered(text)) is not None


_WORD = re.compile(r"[^\W_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def word_count(text: str, limit: int = 50) -> int:
    """Return how many words text has, counting no further than `limit`; two CJK characters make a word."""
    count = 0
    for word in islice(_WORD.finditer(text), limit):
        run = word.group(0)
        count += max(1, len(_CJK.findall(run)) // 2) if _CJK.search(run) else 1
    return min(count, limit)


def distinct_word_count(text: str, limit: int = 50) -> int:
    """Return how many different words text has ('fix it fix it fix it' has two), counting no further than `limit`.

    Two CJK characters make a word, as in word_count.
    """
    words: set[str] = set()
    for match in islice(_WORD.finditer(text), limit * 4):
        run = match.group(0).lower()
        if _CJK.search(run):
            words.update(run[start : start + 2] for start in range(0, len(run), 2))
        else:
            words.add(run)
    return min(len(words), limit)
