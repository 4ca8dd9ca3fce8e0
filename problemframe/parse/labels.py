"""Map the headings and labels people write to the parts of a problem frame."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, NamedTuple

Key = Literal["problem", "who", "evidence", "metric", "baseline", "target", "direction", "window", "source", "other"]
METRIC_KEYS: frozenset[Key] = frozenset({"metric", "baseline", "target", "direction", "window", "source"})


class Label(NamedTuple):
    """What a heading names and how sure we are (higher wins when two headings name one part)."""

    key: Key
    strength: int


# The project's own issue form (.github/ISSUE_TEMPLATE/problem.yml): heading text -> part.
FORM_LABELS: dict[str, Key] = {
    "Problem statement": "problem",
    "Who is affected?": "who",
    "Customer evidence": "evidence",
    "Success metric": "metric",
    "Baseline": "baseline",
    "Target": "target",
    "Direction": "direction",
    "Measurement window": "window",
    "Data source": "source",
}

_EXACT: dict[str, Label] = {}


def _add(key: Key, strength: int, *names: str) -> None:
    """Register label names for a part at a strength."""
    for name in names:
        _EXACT[name] = Label(key, strength)


_add("problem", 3, "problem", "problems", "problem statement", "the problem", "user problem", "customer problem",
     "problem to solve", "what problem are we solving", "what is the problem", "whats the problem",
     "what problem does this solve", "problem description", "problem definition", "problem summary",
     "describe the bug", "bug description", "what happened", "what happened?", "actual behavior", "actual behaviour",
     "actual result", "actual results", "observed behavior", "observed behaviour", "current behavior",
     "current behaviour")
_add("problem", 2, "why", "why now", "why does this matter", "why is this important", "why this matters",
     "pain", "pain point", "pain points", "user story", "opportunity", "motivation", "what hurts", "impact",
     "customer pain", "job to be done", "jobs to be done", "jtbd", "finding", "findings", "audit finding",
     "observation", "observations", "actual", "observed", "observed result")
_add("problem", 1, "background", "context", "summary", "description", "overview", "details", "situation")
_add("who", 2, "who is affected", "who is impacted", "who has this problem", "who has the problem", "affected users",
     "affected customers", "impacted users", "impacted customers", "target users", "target customers", "persona",
     "personas", "audience", "users affected", "customers affected", "segment", "who")
_add("evidence", 3, "evidence", "customer evidence", "supporting evidence", "who asked", "who asked for this",
     "who is asking", "customer signal", "customer signals", "customer requests", "customer request", "requested by",
     "customer feedback", "voice of the customer", "voice of customer", "voc", "customer quotes", "signals",
     "research", "user research", "proof", "customer data", "demand", "requests", "customers who asked",
     "who reported it", "who reported this", "who reported", "customer source", "customer / source")
_add("evidence", 2, "customers", "feedback", "quotes", "support tickets", "sources", "references", "links")
_add("metric", 3, "success metric", "success metrics", "success criteria", "metric", "metrics", "kpi", "kpis",
     "how will we know it worked", "how will we know", "how do we know it worked", "how will we measure success",
     "how will we measure it", "definition of success", "measure of success", "measures of success",
     "what does success look like", "success looks like", "success", "key result", "key results", "north star",
     "how we will measure", "how well measure success", "measurement", "success measure", "success measures",
     "target outcome", "target outcomes", "desired outcome", "desired outcomes", "done when", "krs",
     "key results krs", "success signals", "how well know", "how we know", "measuring success", "results")
_add("metric", 2, "goal", "goals", "objective", "objectives", "outcome", "outcomes", "expected outcome",
     "expected impact")
_add("baseline", 3, "baseline", "current value", "current", "today", "starting point", "current state")
_add("target", 3, "target", "target value", "goal value")
_add("direction", 3, "direction", "desired direction")
_add("window", 3, "measurement window", "window", "timeframe", "time frame", "time window", "measurement period",
     "when to measure", "measure after", "measured over", "by when", "deadline", "duration", "test duration",
     "run time", "runtime")
_add("source", 3, "data source", "source", "measured in", "measured by", "where to measure", "query",
     "data sources", "dashboard", "measurement source")
_add("other", 1, "solution", "proposed solution", "proposal", "suggested solution", "possible solution", "idea",
     "ideas", "implementation", "implementation notes", "technical notes", "acceptance criteria", "notes",
     "additional notes", "additional context", "additional information", "design", "designs", "mockups",
     "screenshots", "alternatives", "alternatives considered", "risks", "open questions", "questions", "scope",
     "out of scope", "non goals", "tasks", "todo", "checklist", "dependencies", "rollout", "rollout plan",
     "related", "related issues", "appendix", "approach", "requirements", "steps to reproduce", "expected behavior",
     "expected behaviour", "expected result", "expected results", "environment", "launch plan", "next steps",
     "timeline", "estimate", "what did you expect to happen", "what did you expect", "what should happen",
     "what should have happened", "anything else")

# The same headings as teams write them in Spanish, Portuguese, German, French, Italian, Dutch, Turkish, Indonesian.
_add("problem", 3, "problema", "problème", "sorun", "masalah", "probleem", "problembeschreibung", "el problema",
     "o problema", "le problème", "il problema")
_add("problem", 1, "contexto", "contexte", "kontext", "hintergrund", "antecedentes", "konteks", "arka plan",
     "achtergrond", "contesto", "resumen", "resumo", "zusammenfassung", "résumé", "özet", "ringkasan", "riepilogo",
     "samenvatting", "descripción", "descrição", "beschreibung", "açıklama", "deskripsi", "descrizione")
_add("evidence", 3, "evidencia", "evidencias", "evidência", "evidências", "belege", "preuves", "kanıt", "kanıtlar",
     "bukti", "prove", "bewijs")
_add("metric", 3, "métrica", "métricas", "metrik", "metriken", "kennzahl", "kennzahlen", "erfolgskriterien",
     "critères de succès", "criterios de éxito", "critérios de sucesso", "başarı kriterleri", "metriche",
     "indicateurs", "indicadores", "erfolgsmessung", "mesure du succès", "erfolg", "éxito", "exito", "sucesso",
     "succès", "successo", "başarı", "keberhasilan", "métrica de éxito", "métrica de sucesso")
# … and in Polish, Swedish, Japanese and Chinese, and the evidence headings in each.
_add("problem", 3, "opis problemu", "problembeskrivning", "problemet", "問題", "課題", "問題点", "问题", "痛点")
# … and in Finnish, Czech, Slovak, Danish, Norwegian and Korean.
_add("problem", 3, "ongelma", "mikä on ongelma", "ongelman kuvaus", "problém", "popis problému", "popis problemu",
     "problembeskrivelse", "문제", "문제점", "문제 설명")
_add("problem", 1, "tausta", "taustaa", "kuvaus", "popis", "pozadí", "baggrund", "bakgrunn", "beskrivelse",
     "배경", "개요", "설명")
_add("evidence", 3, "podklady", "důkazy", "zpětná vazba od zákazníků", "näyttö", "asiakaspalaute", "todisteet",
     "kundefeedback", "근거", "고객 의견", "고객 피드백")
_add("problem", 1, "opis", "tło", "kontekst", "bakgrund", "beskrivning", "sammanfattning", "beschrijving", "背景",
     "概要", "現状", "背景と課題", "说明", "描述")
_add("evidence", 3, "kundenfeedback", "kundenstimmen", "kundenanfragen", "kundenmeldungen", "nachweise",
     "retours clients", "retours client", "demandes clients", "verbatims", "voix du client", "témoignages",
     "signalements", "feedback de clientes", "solicitudes de clientes", "voz del cliente", "quién lo pidió",
     "quien lo pidio", "reportes de clientes", "feedback dos clientes", "pedidos de clientes", "voz do cliente",
     "quem pediu", "relatos de clientes", "feedback dei clienti", "richieste dei clienti", "segnalazioni",
     "voce del cliente", "chi lo ha chiesto", "klantfeedback", "klantverzoeken", "wie vroeg erom", "signalen",
     "zgłoszenia klientów", "zgłoszenia", "głosy klientów", "opinie klientów", "dowody", "prośby klientów",
     "kto prosił", "kundfeedback", "kundönskemål", "underlag", "bevis", "signaler", "顧客の声", "お客様の声", "根拠",
     "エビデンス", "要望元", "客户反馈", "用户反馈", "证据", "müşteri geri bildirimi", "müşteri talepleri",
     "masukan pelanggan", "keluhan pelanggan")
_add("metric", 3, "metryki", "kryteria sukcesu", "miernik sukcesu", "mått", "framgångskriterier", "framgångsmått",
     "成功指標", "指標", "評価指標", "成功基準", "成功指标", "succescriteria", "meetbaar resultaat", "succes",
     "succescriterium", "critério de sucesso", "criterio de éxito", "critère de succès", "erfolgskriterium", "sukces",
     "kryterium sukcesu", "criterio di successo", "framgångskriterium", "miara sukcesu", "miary sukcesu",
     "mierniki sukcesu", "wskaźniki sukcesu", "targets", "suksessmål", "succesmål", "suksesskriterier",
     "succeskriterier", "suksesskriterium", "succeskriterium", "måltall", "succesmaat", "succesmaten", "succesmeting",
     "onnistumisen mittarit", "menestysmittari", "kritéria úspěchu", "metrika úspěchu", "kritériá úspechu")
_add("metric", 2, "cel", "cele", "what fixed means")
# Goals and measures as teams head them in the other languages tickets arrive in.
_add("metric", 3, "mesure de succès", "mesure du succès", "mesures de succès", "objectif mesurable",
     "objectifs mesurables", "messgröße", "messgrößen", "ziel messgröße", "ziel und messgröße", "erfolgsmaß",
     "medida de éxito", "medida de sucesso", "meta mensurável", "objetivo medible", "misura di successo",
     "obiettivo misurabile", "meetbaar doel", "mätbart mål", "mål och mått", "mierzalny cel", "ölçülebilir hedef",
     "başarı ölçütü", "onnistumisen mittari", "mittari", "mittarit", "měřítko úspěchu", "metrika", "metriky",
     "成功の指標", "目標指標", "성공 지표", "지표", "성과 지표", "指标", "成功标准", "衡量指标")
_add("metric", 2, "meta", "metas", "mål", "målet", "resultados chave", "resultados clave", "résultats clés",
     "risultati chiave", "schlüsselergebnisse", "kluczowe rezultaty", "nyckelresultat", "temel sonuçlar",
     "主要な成果", "핵심 결과", "ziel", "ziele", "objectif", "objectifs", "objetivo", "objetivos", "obiettivo",
     "obiettivi", "doel", "doelen", "hedef", "hedefler", "tavoite", "tavoitteet", "cíl", "cíle", "目標", "목표", "目标",
     "关键结果")
_add("metric", 3, "jak zmierzymy sukces", "wie messen wir den erfolg", "wie messen wir erfolg",
     "comment mesurer le succès", "comment mesurerons nous le succès", "cómo mediremos el éxito",
     "cómo medimos el éxito", "como vamos medir o sucesso", "como mediremos o sucesso", "come misureremo il successo",
     "hoe meten we succes", "hoe meten we het succes", "hur mäter vi framgång", "başarıyı nasıl ölçeceğiz")
_NUMBERING = re.compile(r"^(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)]\s+")
_NON_WORD = re.compile(r"[^\w\s/&]+")
_OPTIONAL = re.compile(r"\((?:optional|required|if known|if any)\)")

# Keyword rules for labels not in the list, tried in order.
_RULES: tuple[tuple[re.Pattern[str], Label], ...] = (
    (re.compile(r"\bproblem"), Label("problem", 3)),
    (re.compile(r"\b(?:solution|implementation|acceptance|design|approach|proposal)"), Label("other", 1)),
    (re.compile(r"\b(?:who (?:is|are) (?:affected|impacted)|affected|impacted)\b"), Label("who", 2)),
    (re.compile(r"\bwindow\b|\btime ?frame\b"), Label("window", 3)),
    (re.compile(r"\bdata sources?\b"), Label("source", 3)),
    (re.compile(r"\bevidence\b|\bwho (?:asked|requested|wants)|\bcustomer (?:signal|request|feedback|quote)"),
     Label("evidence", 3)),
    # 'Kundenfeedback (Q3)', 'Retours clients du support', 'Zgłoszenia klientów z helpdesku'.
    (re.compile(r"^(?:kunden(?:feedback|stimmen|anfragen|meldungen|wünsche|tickets|zitate|rückmeldungen)"
                r"|klant(?:feedback|verzoeken|vragen|meldingen)|kund(?:feedback|önskemål|ärenden|synpunkter)"
                r"|retours? clients?|demandes? clients?|zgłoszenia|głosy|opinie|feedback d[eo]s? client\w*"
                r"|solicitudes|pedidos|richieste|segnalazioni)\b"), Label("evidence", 3)),
    # 'What we measured', 'Measured results', 'Our measurements': figures found before the work, a finding; a goal is
    # what will be measured.
    (re.compile(r"\b(?:we|i) measured\b|^measured\b|^(?:our|my) measurements?\b"), Label("other", 1)),
    # 'Not a metric', 'What is not a goal': the heading says what stands under it is none.
    (re.compile(r"^(?:what is |whats )?(?:not|no|non)\s+(?:an?\s+)?(?:metrics?|goals?|targets?|kpis?)\b"),
     Label("other", 1)),
    (re.compile(r"\bmetric|\bsuccess\b|\bkpi|\bknow (?:it|if|that|whether)\b|\bmeasur|\bkey results?\b|\bkrs?\b"
                # 'Como medimos o sucesso', 'Indicateur de succès', 'Erfolgsmessung', 'Miara sukcesu'.
                r"|\b(?:sucesso|successo|succès|éxito|exito|erfolg\w*|succes\w*|suksess\w*|sukces\w*|framgång\w*|başarı\w*"
                r"|menestys\w*|úspěch\w*|indicateur|indicador)\b"
                r"|\bokrs?\b|\bit (?:worked|works|is working)\b|\bwe(?:ll| will) know\b"
                # 'Cómo sabremos que ha funcionado', 'Hvordan vet vi at det virker', 'Jak poznamy, że działa'.
                r"|\b(?:cómo|como) (?:sabremos|saberemos|sapremo)\b|\bcomment (?:saurons|saura|saurez)\b"
                r"|\b(?:hvordan (?:vet|ved)|hur vet|hoe weten) (?:vi|we)\b|\bjak poznamy\b|\bskąd będziemy wiedzieć\b"
                r"|\bjak poznáme\b|\bmistä tiedämme\b|\bnasıl (?:anlarız|anlayacağız|bileceğiz)\b"),
     Label("metric", 3)),
    # '顧客からの声', '客户的声音', '用户反馈汇总', '고객의 소리': what customers said ('고객 요청 사항', what they
    # ask of us in reply, lists no one).
    (re.compile(r"(?:顧客|お客様|客户|客戶|用户|用戶|ユーザー|고객|사용자).{0,4}(?:声|反馈|反饋|피드백|소리)"),
     Label("evidence", 3)),
    # 'Vendor's fuzzy grid (example, not a target)', 'Beispiel (keine Zielwerte)': a heading that says it is none.
    (re.compile(r"\b(?:not|no|non|keine?|pas|sin|sem|niet|inte)\s+(?:an?\s+|une?\s+)?(?:targets?|goals?|baselines?"
                r"|metrics?|kpis?|zielwert\w*|ziele?|objectifs?|metas?|doelen|mål)\b"), Label("other", 1)),
    # 'Baseline note', 'Baseline source', 'Note on the baseline': about the baseline, not its value.
    (re.compile(r"\bbaseline\b(?=.*\b(?:notes?|source|method|methodology|query|how|caveats?|data|where|comes"
                r"|details)\b)"
                r"|\b(?:notes?|source|method|caveats?) (?:on|for|about) (?:the )?baseline\b"), Label("other", 1)),
    (re.compile(r"\bbaseline\b"), Label("baseline", 3)),
    (re.compile(r"\btarget\b"), Label("target", 3)),
    (re.compile(r"^why\b"), Label("problem", 2)),
)


def normalise(label: str) -> str:
    """Return a label in lower case, without emoji, punctuation, numbering or '(optional)'."""
    text = label.strip().lower().replace("’", "'").replace("'", "")
    # '3. Goals', '2) Problem': the numbering goes before the punctuation that marks it.
    text = _NUMBERING.sub("", text.lstrip(" #*_"))
    text = _OPTIONAL.sub(" ", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    text = " ".join(text.split())
    return text.strip(" /&")


@lru_cache(maxsize=2048)
def classify(label: str) -> Label | None:
    """Return the part a heading or label names, or None when it names none we know."""
    if len(label) > 120:
        return None
    text = normalise(label)
    if not text:
        return None
    exact = _EXACT.get(text)
    if exact is not None:
        return exact
    first, slash, rest = text.partition(" / ")
    if slash:
        # 'Etkilenen müşteriler / Affected customers', 'Özet / Summary': a heading given in two languages; 'Ziel /
        # Messgröße': two names for one part, the surer one counts.
        before, after = classify(first), classify(rest)
        if before is None or (after is not None and after.key == before.key and after.strength > before.strength):
            return after
    for pattern, found in _RULES:
        if pattern.search(text):
            return found
    return None


@lru_cache(maxsize=2048)
def classify_exact(label: str) -> Label | None:
    """Return the part a label names only when it is a known name (for labels inside running text)."""
    if len(label) > 60:
        return None
    return _EXACT.get(normalise(label))
