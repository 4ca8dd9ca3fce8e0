"""Recognise evidence in one sentence of running text: counts of customers or tickets, usage figures, tracker demand."""

from __future__ import annotations

import re

from problemframe.model import EvidenceKind as K
from problemframe.parse.figures import Signal
from problemframe.parse.parties import CONDITION, WHO
from problemframe.parse.passed_on import one_report

# Counts of people and tickets are whole numbers: '2.14 admins' is a version followed by a noun.
_NUMBER = (r"(?<![\w.,/#-])(?P<n>\d{1,3}(?:,\d{3})+(?![.,]\d)|\d{1,3}(?:\.\d{3})+(?![.,]\d)|\d+(?![.,]?\d)"
           r"|a dozen|dozens of|hundreds of"
           r"|several dozen|one|two|three|four"
           r"|five|six|seven|eight|nine|ten|twelve)")
# '3 hours of votes' counts hours: a figure followed by a unit of time counts no tickets or customers.
_NOT_A_UNIT = r"(?!(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|ms|kb|mb|gb)\b)"
_TICKETS = re.compile(
    _NUMBER + r"\+?\s+(?:of\s+(?:the|our|these|those|their|my)\s+)?(?:" + _NOT_A_UNIT + r"(?!\d)\w+\s+){0,2}?"
    r"(?P<what>(?:support\s+)?tickets|support requests|support cases|cases|complaints"
    r"|conversations|chats|escalations|feature requests|requests|calls|interviews|survey responses|responses"
    r"|respondents|upvotes|votes|reactions|thumbs[- ]up|👍|\+1s?|duplicates|duplicate issues|coded comments"
    r"|verbatims|survey comments|mentions|nps comments"
    r"|crash(?:es| events| reports)"
    r"|error reports|bug reports|(?:app store |play store |store |negative |one-star |1-star )?reviews"
    r"|ratings"
    # The same, as tickets in Spanish, Portuguese, German and French count them.
    r"|respuestas(?: abiertas)?|comentarios|reseñas|reclamos|quejas|chamados|reclamações|avaliações|respostas"
    r"|comentários|anfragen|beschwerden|rückmeldungen|bewertungen|réclamations|réponses|avis"
    # Survey respondents, as the surveys in those languages and a few more count them: '61 von 140 Befragten'.
    r"|befragten|befragte|teilnehmenden|répondants|encuestados|inquiridos|respondentów|respondenten|respondenter"
    r"|vastaajaa|vastaajista|katılımcı|rispondenti|intervistati"
    # Contacts and calls to support, as a contact centre counts them, in the same languages and a few more.
    # 'contacts' alone is as often a CRM's records ('a sync of 48,310 contacts'): counted over time or to support.
    r"|(?:support |customer |consumer )contacts|contacts(?=\s+(?:in\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
    r"|dec|q[1-4]|the last|last|this|\d)|per\s|a\s(?:month|week|day)|this\s|last\s|to\s(?:support|us|cs|care)))"
    r"|llamadas|chamadas|anrufe|appels|contactos|contatos|kontakte"
    r"|zgłoszeń|zgłoszenia|ärenden|meldingen|tickety"
    # '11 supportsager', '14 henvendelser', '23 Support-Tickets': Danish, Norwegian and German tickets, one word.
    r"|(?:support|kunde|service|helpdesk)-?(?:sager|saker)|henvendelser|support-tickets|supporttickets|supportfälle"
    r"|tiketů|tikety|destek talebi"
    # Conversations, as a support inbox counts them in the same languages: '17 Intercom-gesprekken met de tag'.
    r"|[\w-]*gesprekken|[\w-]*gespräche|konversationen|conversaciones|conversas|conversazioni|konuşma|rozmów|rozmowy"
    r"|samtal|keskustelua|konverzací)(?!\w)",
)
# 'Intercom conversations tagged `bulk-edit` over the last 90 days: **63**': the count stands after a colon.
_LABELLED_COUNT = re.compile(
    r"\b(?P<what>tickets|conversations|chats|cases|escalations|complaints|(?:feature|support) requests|emails"
    r"|reviews|mentions|votes|upvotes|reactions|duplicates)\b(?!\s+(?:sold|issued|printed|scanned|redeemed))"
    r"(?:(?!\bper\b|/)[^:\n]){0,80}:\s*[*_]{0,2}"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d{1,6})(?![\d.,:/-]|\s*%)"
)
_SHARE = re.compile(
    r"(?P<n>\d{1,3}(?:\.\d+)?)\s?%\s+of\s+(?:(?:our|the|all|new|active|paying|enterprise|trial|free|pro|mobile|"
    r"daily|weekly|monthly|surveyed|churned|top|large|small|mid-market|smb|\w+-\w+)\s+){0,3}" + WHO + r"\b",
)
# '3.8 % of orders in Sept had a substitution refunded': a share of what customers do, from the product's data.
_SHARE_OF_ACTIVITY = re.compile(
    r"(?P<n>\d{1,3}(?:\.\d+)?)\s?%\s+of\s+(?:(?:all|our|the|new|paid|mobile|web|first|failed|completed)\s+){0,2}"
    r"(?:orders|transactions|bookings|purchases|payments|checkouts|deliveries|trips|rides|visits|installs|downloads"
    r"|renewals|cancellations|refunds|claims|applications|sign-?ups|logins|uploads|searches|imports|exports)\b"
)
# 'Of the 9,412 workspaces created in Q2, only 14 % deployed': the cohort the product's data measured a share of.
_COHORT = re.compile(r"(?:\bout of |(?:^|[,(;:]\s*)of )(?:the |all |our |those )?(?P<n>\d{1,3}(?:,\d{3})+|\d{2,6}) "
                     r"(?:(?:new|active|paying|trial|free|enterprise)\s+)?" + WHO + r"\b")
# 'Churn survey (n = 530, SurveyMonkey)', 'macro SUBS_WRONG_REFUND used 1,904 times in September'.
_SAMPLE = re.compile(r"\bn\s?=\s?(?P<n>\d{1,3}(?:,\d{3})+|\d{1,6})\b")
_USED_TIMES = re.compile(r"\b(?:macro|tag|tagged|label|labelled|canned (?:reply|response))\b[^.;]{0,60}?"
                         r"\b(?P<n>\d{1,3}(?:,\d{3})+|\d{1,6})\W{0,2}\s+times\b")
_SMALL = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve"
_OF_TOP = re.compile(r"\b(?P<n>" + _SMALL + r")\s+(?:out\s+)?of\s+(?:our\s+|the\s+)?(?:top\s+|largest\s+|biggest\s+"
                     r"|last\s+)?(?:\d{1,4}|" + _SMALL + r")\s+(?:\w+\s+){0,2}?" + WHO + r"\b")
_COUNT_WHO = re.compile(
    _NUMBER + r"\+?\s+(?:" + _NOT_A_UNIT + r"\w+\s+){0,2}?" + WHO
    + r"\b(?!\s+(?:page|panel|screen|view|tool|console|role|setting|field|report|dashboard|template|slide|list)s?\b)",
)
_PAIN_VERB = re.compile(
    r"\b(?:asked|ask|asks|asking|pushed back|push back|pushing back|request\w*|report\w*|complain\w*|churn\w*"
    r"|cancel\w*|downgrad\w*|affected|impacted|hit"
    r"|ran into|run into|running into|blocked|stuck|can'?t|cannot|couldn'?t|never|fail\w*|drop\w* off|abandon\w*"
    r"|gave up|give up|escalat\w*|contacted|wrote in|emailed|called|filed|opened|raised|mention\w*|vot\w*"
    r"|upvot\w*|told us|said|say|want\w*|need\w*|waiting|lost|losing|struggl\w*|workaround|manually|by hand|crash\w*"
    r"|brought (?:this|it) up|pidieron|pedido|piden|pidió|pediram|pedem|pediu|reclamaram|reclaman|gefragt"
    r"|angefragt|fragen|demandé|demandent|chiedono|chiesto|gemeldet|beschwert|beschweren|se plaignent|réclament"
    r"|signalé|se quejan|reportaron|reclamam|relataram|segnalato|lamentano|hört av sig|frågat|klagat|pytali"
    r"|zgłaszali|zgłosiło|skarżą|gevraagd|klagen|vragen|vroegen|frågade|prosili|prosiły|fragten|saying"
    r"|telling (?:us|me|them)|tells (?:us|me)|heard|hear from|söylüyor\w*|istiyor\w*|soruyor\w*"
    r"|hearing"
    r"|remontent|signalent|disent|en parlent|parlent|bringing (?:this|it) up|pidiendo|pedindo|chiedendo|komplain"
    r"|nanya|minta|gebeld|gemaild|angerufen|llamaron|ligaram|appelé|chiamato|dzwonili|ringt|écrit|geschrieben"
    r"|escribieron|escreveram|scritto|napisali|schreven|skrev|frågar|frågat|pytają|horen|hören|høre|pediram"
    r"|perguntaram|perguntam|preguntan|preguntado|nachgefragt|escuchamos|ouvimos|sentiamo|entendons|ouve|ouvem"
    r"|escucha|escuchan|entend|entendent|pisało|pisali|pisały|seen|describ\w*|hoort|hoorde|hört|hörte|comes? up"
    r"|came up"
    r"|pyytävät|pyysivät|kysyvät|kysyivät|toivovat|kyselevät|mainitsivat|spørger|spør|spurgt|spurt|bedt om|beder om"
    r"|pyytäneet|kysyneet|toivoneet|maininneet|ber om|efterspørger|etterspør|nævnt|nevnt|nævnte|nevnte|ptají|ptali"
    r"|žádají|žádali|zmínil[ailoy]?|ptal[oy]|žádal[oy]|pýtajú|pýtali"
    r"|genoemd|noemden|erwähnt\w*|mentionné|mencionado)\b",
)
_VAGUE = re.compile(
    r"\b(?P<q>a few|a couple(?: of)?|a handful of|several|some|many|multiple|lots of|a lot of|a number of|most of our"
    r"|various|numerous|un par de|varios|varias|algunos|algunas|muchos|muchas|vários|várias|alguns|algumas|muitos"
    r"|muitas|mehrere|einige|viele|plusieurs|beaucoup de|molti|alcuni|diversi|birçok|banyak|beberapa|bahut"
    r"|ein paar|quelques|un paio di|um par de|flera|några|många|kilka|kilku|wielu|verschillende|meerdere|enkele"
    r"|a fair few|quite a few|een paar|een aantal|mange|flere|nogle|noen|useat|monet|jotkut|muutamat|několik"
    r"|mnoho|někteří|niekoľko|mnohí)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:" + WHO + r"|folks|comments|reviews|tickets|complaints|mentions|responses|emails|messages"
    r"|requests|calls|chats|conversations|interviews|reports|posts|threads)\b"
    r"|\b(?P<q3>one of (?:our|the|their|my) )(?:[\w-]+\s+){0,3}?" + WHO + r"\b"
    # 'Plusieurs clubs nous l'ont demandé', 'Des membres nous le demandent souvent', 'Muchos clubes nos lo piden':
    # whoever they are, several people outside asking us is said in the asking verb, in each language.
    r"|\b(?P<q6>plusieurs|des|beaucoup de|muchos|muchas|varios|varias|algunos|algunas|vários|várias|alguns|algumas"
    r"|muitos|muitas|mehrere|einige|viele|molti|alcuni|diversi|meerdere|verschillende|enkele|flera|några|många|kilka"
    r"|wielu|mange|flere|nogle|noen|useat|monet|jotkut|muutamat|několik|mnoho|někteří|niekoľko|mnohí)"
    r" (?:[\w'-]+\s+){1,2}?(?:nous |nos |ons |uns |ci |nam |nás |se |os |oss )?(?:le |la |l'|lo |het |es |das )?"
    r"(?:ont demandé|demandent|nous demandent|piden|pidieron|han pedido|pedem|pediram|fragen|haben gefragt"
    r"|fragten|vragen|vroegen|hebben gevraagd|frågar|har frågat|frågade|chiedono|hanno chiesto|pytają|pytali"
    r"|prosili|prosiły|har spurgt|spørger|spør|har spurt|har bedt om|beder om|ber om|efterspørger|etterspør"
    r"|har nævnt|har nevnt|nævnte|nevnte|pyytävät|pyysivät|kysyvät|kysyivät|toivovat|ovat pyytäneet"
    r"|ovat kysyneet|ovat toivoneet|ovat maininneet|mainitsivat|ptají|ptali|žádají|žádali|zmínili|pýtajú|pýtali"
    # 'Několik knihkupectví to zmínilo': after 'několik' the Czech verb agrees in the neuter.
    r"|zmínilo|zmínily|ptalo|ptaly|žádalo|žádaly"
    r"|hebben genoemd|noemden"
    r"|erwähnten|haben erwähnt|ont mentionné|han mencionado)\b"
    # 'almost every mid-size shipper we demo to asks': a claim of demand, counted as many.
    r"|\b(?P<q4>(?:almost |nearly |practically )?every) (?:[\w-]+\s+){0,2}?" + WHO + r"\b(?=[^.;]{0,40}\b(?:asks?|asked"
    r"|wants?|requests?|complains?)\b)"
    r"|\b(?P<q2>" + WHO + r")\s+(?:keep|kept|have been|are|were)\s+(?:asking"
    r"|requesting|reporting|complaining|running into|telling (?:us|me)|saying|bringing (?:this|it) up|mentioning"
    r"|raising (?:this|it))\b"
    # 'growers keep telling them', 'the rinks keep asking': whoever they are, people outside who keep on asking.
    r"|\b[a-zà-ÿ]{3,}s (?:keep|kept) (?:asking|requesting|complaining|telling (?:us|me|them|him|her)"
    r"|bringing (?:this|it) up|mentioning)\b",
)
# 'enterprise prospects ask for SCIM in almost every security review': a claim of demand, with no source.
_CLAIMED = re.compile(
    r"\b(?:" + WHO + r")\s+(?:always\s+|often\s+|regularly\s+|constantly\s+|still\s+|also\s+)?(?:ask|asked"
    r"|request|requested|complain|complained)\s+(?:(?:quite a bit|a lot|a bit|loudly|repeatedly|constantly|often)\s+)?"
    r"(?:for|about|us|that|why|how|whether|the|of|all the time)\b"
    # 'Sales keeps hearing from prospects that …', 'we often see requests for split bills in in-app feedback'.
    # 'CS says duplicates come up in basically every onboarding call', 'Sales hoort bij bijna elke demo de vraag'.
    r"|\b(?:comes?|came) up (?:in|on|at|during) (?:\w+ ){0,3}?(?:every|most|many|several|a lot of|lots of|all)"
    r" (?:\w+ ){0,2}?(?:calls?|demos?|meetings?|reviews?|conversations?|onboardings?)\b"
    r"|\b(?:sales|support|cs|het salesteam|der vertrieb)\s+(?:hoort|hört|entend|escucha|ouve)\b"
    r"|\b(?:keeps?|kept)\s+hearing\b|\b(?:sempre|siempre|toujours|immer wieder) (?:ouve|ouvem|escucha|escuchan"
    r"|entend|entendent|hört|hören) (?:isso|esto|eso|ça|cela|das)\b"
    # 'Sales keeps telling me this comes up', 'Support tells me a fair few people only notice …'.
    r"|\b(?:sales|support|cs|customer success|account management|the (?:ae|am|csm)s?|our (?:ae|am|csm)s?)\s+"
    r"(?:keeps?\s+telling|kept\s+telling|tells|told)\s+(?:me|us)\b|\bhear(?:d|s|ing)?\s+(?:(?:this|it|that)\s+)?from\s+"
    r"(?:(?:our|some|several|many|multiple|various|lots of|a few)\s+)?(?:[\w-]+\s+)?(?:" + WHO + r")\b"
    # The same claim in the languages tickets arrive in: 'Kunder frågar ofta', 'i prospect hanno chiesto',
    # 'We horen van meerdere adviseurs', 'Kunden fragen immer wieder'.
    r"|\b(?:" + WHO + r")\s+(?:\w+\s+){0,3}?(?:frågar|fragen|vragen|demandent|piden|pedem|chiedono|pytają|hanno chiesto"
    r"|han (?:preguntado|pedido)|haben (?:gefragt|nachgefragt)|ont demandé|hebben gevraagd|har frågat|pytali|pediram"
    r"|perguntaram|perguntam|preguntan|pyytävät|kysyvät|toivovat|kyselevät|spørger|spør|efterspørger|etterspør"
    r"|har spurgt|har spurt|har bedt om)\b"
    # 'Zákazníci se na to neustále ptají': the asking verb closes the sentence in Czech and Slovak.
    r"|\b(?:" + WHO + r")\s+(?:se\s+)?(?:\w+\s+){0,3}?(?:ptají|ptali|žádají|pýtajú|pýtali)\b"
    r"|\b(?:horen|hören|høre|hör|escuchamos|ouvimos|sentiamo|entendons) (?:\w+ )?(?:van|von|från|de|da) (?:\w+ )?(?:"
    + WHO + r")\b"
    # 'Gefühlt fragen uns die Eishallen ständig danach': the asking verb first, German word order.
    r"|\b(?:fragen|bitten|drängen) (?:uns|mich) (?:\w+\s+){0,3}?(?:ständig|immer wieder|oft|dauernd|regelmäßig"
    r"|häufig)\b"
    # Turkish: 'Müşteriler sürekli … istediklerini söylüyor', 'müşterilerimiz soruyor'.
    r"|\bmüşteri(?:ler|lerimiz|lerden)?\b[^.;]{0,80}?(?:söylüyor|istiyor|soruyor|talep ediyor|şikayet ediyor"
    r"|şikâyet ediyor)\w*"
    r"|\b(?:we|i)\s+(?:often|regularly|frequently|constantly|keep|still|also|do)?\s*(?:see|get|receive)\s+"
    r"(?:(?:a lot of|lots of|many|frequent|regular|recurring|repeated|constant)\s+)?"
    r"(?:requests|complaints|questions|asks)\s+(?:for|about|to)\b",
)
# The same hearsay in Japanese: 'という声をよく聞く' (we often hear it said), '要望が多い' (many ask for it).
_CLAIMED_CJK = re.compile(r"声を(?:よく|何度も|たびたび|頻繁に|多く)?(?:聞|見|耳に|い?ただ)"
                          # Korean 'a few people asked', Chinese 'several customers asked for it'.
                          r"|(?:몇 ?분|몇몇|여러 ?분|고객(?:분)?들?|(?:손님|점주|사장|원장|회원)(?:님)?들)"
                          r"(?:이|께서)?[^.。!?]{0,40}?"
                          r"(?:요청|문의|물어보|말씀|이야기하|얘기하)"
                          r"|(?:几个|一些|不少|很多|多个|好几个)(?:客户|用户)[^。！？]{0,20}?(?:反馈|问|要求|提到|抱怨)"
                          # 'one customer asked by phone', 'dozens of enquiries', 'several schools all hope for it'.
                          r"|(?:고객|손님|사장님|원장님|회원)(?:님)? ?한 ?분(?:이|께서)[^.。!?]{0,120}?"
                          r"(?:물어|문의|요청|말씀|연락|전화)"
                          r"|(?:문의|요청|불만|항의)(?:가|이)? ?(?:수십|수백|여러|몇) ?건"
                          r"|(?:几家|多家|好几家|几位|多位)[^。！？，,]{1,10}?都?(?:希望|想要|要求|反馈|问|提到|抱怨)"
                          # 'X から「…」という話があったと聞いています': word passed on from someone, not on record.
                          r"|(?:から|より)(?:[^。「]|「[^」]{0,200}」){0,120}?(?:という話|との(?:こと|話)|と聞いて|と伺って)"
                          r"|(?:要望|問い合わせ|苦情|リクエスト)(?:が|を)(?:よく|多く|何度も|複数|たびたび|頻繁に|いくつか)"
                          # '組合員の方から「…」と問い合わせがありました': an enquiry came in from one of them.
                          r"|(?:から|より)(?:[^。「]|「[^」]{0,200}」){0,120}?(?:問い合わせ|ご要望|苦情|ご意見)(?:が|を)"
                          r"(?:何度か|何度も|たびたび|よく|いくつか|複数回)?(?:あり|受け|いただ|頂)")
# Sales passing one party's word on: '销售那边说…', '営業によると…', '영업팀 말로는…'.
_RELAYED_CJK = re.compile(r"(?:销售|销售团队|商务|客户经理|客服)(?:那边|团队|同事)?(?:说|反馈|提到|转述|表示)"
                          r"|営業(?:チーム|担当|部)?(?:から|によると|の話では|曰く)"
                          r"|영업(?:팀|담당자?)?(?:에서|이|가|측에서)? ?(?:전달|말하길|말로는|얘기로는)")
# '가맹점 문의 23건', 'お問い合わせが41件', '投诉 12 条': inquiries, tickets or complaints with their counter.
# 'Intercom 대화 중 태그가 붙은 건이 **23건**', 'タグ `meter-photo`：上半期 29 件': conversations tagged, counted.
_TICKETS_CJK = re.compile(r"(?:문의|티켓|불만|대화|태그|問い合わせ|チケット|苦情|クレーム|会話|タグ|工单|反馈|投诉"
                          r"|对话|标签)"
                          r"[^\d\n]{0,30}?"
                          r"(?P<n>\d{1,3}(?:,\d{3})+|\d{1,6})\s?(?:건|件|条|個|个)")
_MANY = (r"(?:a few|a couple(?: of)?|a handful of|several|some|many|multiple|lots of|a lot of|a number of|various"
         r"|numerous|most)\s+(?:other\s+)?(?!(?:times?|seconds?|minutes?|hours?|days?|weeks?|months?|years?"
         r"|of (?:the|these|those|them|it|this))\b)")
# Many parties' word passed on, whoever they are in this trade: 'Sales says pretty much every terminal asks',
# 'Support said they heard from "a few truckers"', 'a few lifties from a couple of resorts mentioned …', 'Pastors and
# volunteer coordinators tell us at conferences that …'. Said, never shown: the claim of demand is thin evidence.
# What the team's own tooling 'tells us': 'the logs tell us', 'several builds told us nothing new'.
_NOT_PEOPLE = (r"(?:logs?|numbers|metrics?|dashboards?|stats|traces?|graphs?|charts?|tests?|results?|docs|errors?"
               r"|alerts?|builds?|runs?|jobs?|checks?|scans?|benchmarks?|monitors?|tools?)\b")
_RELAYED_MANY = re.compile(
    r"\b(?:sales(?: engineering| team)?|support|cs|customer success|account (?:managers?|executives?)"
    r"|(?:our|the) (?:aes?|ams?|csms?|ses?|partners?))\s+(?:says?|said|mentioned|mentions|keeps? (?:saying|mentioning)"
    r"|kept (?:saying|mentioning)|heard|hears|thinks)\b[^.;]{0,50}?(?:\b" + _MANY + r"[a-z-]+s\b"
    r"|\b(?:(?:pretty much|almost|nearly|practically) )?every(?:one|body|\s+[a-z-]+)\b)"
    # 'Several translators told our support team', 'a few agency owners told Eeva (CEO)': told one of us.
    r"|\b" + _MANY + r"(?!" + _NOT_PEOPLE + r")(?:[\w-]+\s+){1,6}?(?:have\s+|had\s+|also\s+)?(?:mentioned"
    r"|told (?:us|me|our\b|[\w-]+\s*\()|brought (?:this|it) up"
    r"|complained|asked (?:for|about|us|me|whether|if))\b"
    r"|^\W*(?:[\w-]+\s+){0,4}?(?!" + _NOT_PEOPLE + r")[a-z]+s\s+"
    r"(?:(?:keep|often|always|regularly|also|have|have been)\s+)?(?:tell|telling|told) (?:us|me)\b"
)
_RELAYED_MANY_WORDS = ("say", "said", "mention", "heard", "hears", "think", "told", "tell", "brought", "complained",
                       "asked")
_CLAIM_WORDS = ("ask", "request", "complain", "hear", "tell", "told", "ouve", "escucha", "entend", "frågar", "fragen",
                "bitten", "drängen",
                "come up", "came up", "hoort", "hört", "müşteri",
                "vragen", "demandent",
                "piden", "pedem", "chiedono", "pytają", "chiesto", "preguntado", "pedido", "gefragt", "demandé",
                "gevraagd", "frågat", "pytali", "pediram", "pergunt", "preguntan", "horen", "hören", "høre", "hör ",
                "escuchamos", "ouvimos", "sentiamo", "entendons", "pyytävät", "kysyvät", "toivovat", "kyselevät",
                "spør", "bedt om", "etterspør", "efterspørger", "ptají", "ptali", "žádají", "pýtajú", "pýtali")
_VAGUE_COUNTS = {"a fair few": 5, "quite a few": 5,
                 "one of our": 1, "one of the": 1, "one of their": 1, "one of my": 1, "every": 5, "almost every": 5,
                 "nearly every": 5, "practically every": 5,
                 "a couple": 2, "a couple of": 2, "un par de": 2, "many": 5, "lots of": 5, "a lot of": 5,
                 "a number of": 4, "most of our": 5, "numerous": 5}
_REACTIONS = re.compile(
    r"(?:👍|:\+1:|\+1(?!\d))\s*(?:x|×|:)?\s*(?P<n>\d{1,5})\b"
    r"|\b(?P<m>\d{1,5})\s*(?:x\s*)?(?:👍|:\+1:|thumbs[- ]up|upvotes|\+1s)|\bupvoted by (?P<k>\d{1,5})",
)
_DUPLICATES = re.compile(
    r"\b(?:duplicates|duplicated by|dupes|also reported in|reported again in|related duplicates)\s*:?\s*"
    r"(?P<refs>(?:#\d{1,7}|[A-Z][A-Z0-9]{1,9}-\d{1,7}|https?://\S+/issues/\d+)"
    r"(?:\s*(?:,|and|&)\s*(?:#\d{1,7}|[A-Z][A-Z0-9]{1,9}-\d{1,7}|https?://\S+/issues/\d+))*)",
    re.IGNORECASE,
)
_REF = re.compile(r"#\d{1,7}|[A-Z][A-Z0-9]{1,9}-\d{1,7}|/issues/\d+")
_THRESHOLD = re.compile(r"(?:more than|over|fewer than|less than|up to|at least|at most|above|below|[<>≤≥])\s*$")
_WORD_NUMBERS = {"a dozen": 12, "dozens of": 24, "hundreds of": 200, "several dozen": 36, "one": 1, "two": 2,
                 "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}


_SURVEYED = re.compile(r"\b(?:survey|questionnaire|nps|csat|poll|feedback form|typeform)")


def _count(raw: str) -> int:
    value = _WORD_NUMBERS.get(raw.lower())
    if value is not None:
        return value
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return int(raw.replace(".", ""))
    return int(float(raw.replace(",", "")))


# Matched against the lowered sentence: IGNORECASE would make this first look as slow as the real patterns.
_MAYBE = re.compile(
    r"\d|👍|\+1|\b(?:a few|couple|handful|several|some|many|multiple|lots|number of|most|various|numerous|dozens?"
    r"|hundreds|duplicat\w*|dupes?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|par de|varios|algunos"
    r"|mehrere|einige|plusieurs|keep|kept|have been|are|were|varias|algun[oa]s|much[oa]s|vári[oa]s|muit[oa]s|viele"
    r"|beaucoup|molti|alcuni|diversi|birçok|banyak|beberapa|bahut|keeps|ask|asked|request|requests|requested|complain"
    r"|complained|hearing|heard|every|asks|pushed|few|aantal|tells|told|telling|müşteri\w*"
    r"|paar|quelques|paio|flera|några|många|kilka|kilku|wielu|verschillende|meerdere|enkele|frågar|fragen|vragen"
    r"|demandent|piden|pedem|chiedono|pytają|chiesto|gefragt|nachgefragt|gevraagd|frågat|pytali|pediram|pergunt\w*"
    r"|preguntan|preguntado|pedido|demandé|horen|hören|høre|hör|escuchamos|ouvimos|sentiamo|entendons|ouve|ouvem"
    r"|escucha|escuchan|entend|entendent|kilku|comes? up|came up|hoort|hört|seen|threads"
    r"|mange|flere|nogle|noen|useat|monet|jotkut|muutamat|několik|mnoho|někteří|niekoľko|mnohí|pyytävät|pyysivät"
    r"|kysyvät|kysyivät|toivovat|kyselevät|pyytäneet|kysyneet|toivoneet|maininneet|spør|spørger|etterspør|efterspørger|spurgt|spurt|bedt|ptají|ptali"
    r"|žádají|žádali|pýtajú|pýtali|nevnt|nævnt|nevnte|nævnte|mainitsivat|zmínili)\b"
)
# '(312 cases)' in a QA suite, 'use cases', 'edge cases' are no support cases.
_NOT_SUPPORT_CASES = re.compile(r"\b(?:test|qa|regression|use|edge|corner|unit|e2e|anonymi[sz]ed|synthetic|sample)\b"
                                r"[^.;]{0,30}cases|cases (?:from|in) the (?:test|sample|demo) (?:data|dataset|set)")
# '50+ cases are stacked on a shelf', '12 cases of wine per pallet': cases of goods, not support cases.
_GOODS_CASES = re.compile(r"\s+(?:(?:are|were|is|get|got) (?:stacked|stored|packed|loaded|shipped|scanned|tagged"
                          r"|labell?ed|picked|moved)|of (?:wine|beer|water|product|goods|stock)|per (?:pallet|shelf"
                          r"|layer|truck|order))\b")
# '50 % of tenant limit' is a setting; 'switch 10 % of tenants, then 50 %' is a rollout, not who is affected.
_SHARE_NOT_USAGE = re.compile(r"\s*(?:limits?|quotas?|capacity|budgets?|traffic)\b")
_ROLLOUT = re.compile(r"\b(?:switch|roll(?:ing)? out|rollout|ramp(?: up)?|enable(?:d)? for|release to|expose to"
                      r"|then)\s*(?:to\s*)?$")
# Cheap looks that rule a pattern out before it runs: most sentences hold none of these words.
_COUNTED_WORD = re.compile(
    r"ticket|request|case|complain|conversation|chat|escalation|call|interview|respon|upvote|vote|reaction|thumbs|👍"
    r"|\+1|duplicate|comment|verbatim|mention|crash|report|review|rating|respuest|comentario|reseñ|reclam|queja"
    r"|chamado|avalia|resposta|anfrage|beschwerde|rückmeld|bewertung|avis|répons|email|message|contact|llamad"
    r"|chamad|anruf|appel|kontakt|zgłosz|ärend|melding|gesprek|gespräch|konversation|conversac|conversas"
    r"|conversazion|konuşma|rozm|samtal|keskustel|konverzac|befragt|teilnehm|répondant|encuestad|inquirid|vastaaj"
    r"|katılım|rispondent|intervistat|sager|saker|henvendelse|tiket"
)
_VOTE_MARKS = re.compile(r"👍|\+1|:\+1:|thumbs|upvote")
_DUPLICATE_WORDS = re.compile(r"dup|also reported|reported again")
# 'UTF-8', 'ISO-8601', 'CVE-2024-1234' name standards and advisories, not reports.
_STANDARD = re.compile(r"(?:UTF|ISO|SHA|MD|RFC|CVE|GHSA|TLS|SSL|HTTP|IPV|EN|DIN|PCI|SOC|HL|X)-")
_SAME_WORDS = re.compile(r"dup|same|also|hit|reported|seeing|seen")
# Another report of this problem, wherever it stands: an issue, a discussion, a forum thread.
_SAME_ELSEWHERE = re.compile(
    r"\bsame (?:thing|issue|bug|error|problem|crash|panic|symptom|behaviou?r|stack ?trace|backtrace|failure)"
    r"(?: as| in| reported| here)?\b|\b(?:also|already) (?:reported|seen|hit|seeing|raised|filed)\b"
    r"|\breported (?:it|this)? ?(?:too|as well|before)\b|\breported the same\b|\bhit (?:it|this) (?:in|on|too)\b"
)


_NAMED_BEFORE = re.compile(r"\b[A-ZÀ-Ý][\w.&'-]*\s*$")
# '600 requests/min per API key', '50 calls per second': a rate, a limit the system sets, not a count of demand.
_PER_TIME = re.compile(r"\s*(?:/\s*(?:s|sec|second|min|minute|h|hr|hour)|per\s+(?:s|sec|second|min|minute)"
                       r"|an?\s+(?:second|minute))\b")


def find_signals(sentence: str) -> list[Signal]:
    """Return counts in a sentence that are customer evidence: tickets, votes, shares and counts of customers."""
    found: list[Signal] = []
    # Every pattern but the ticket references is written in lower case and run on the lowered sentence: the
    # case-insensitive flag would make each of them several times slower.
    lowered = sentence.lower().replace("**", "").replace("__", "") if "**" in sentence or "__" in sentence else (
        sentence.lower())
    cjk = max(sentence, default=" ") >= "\u3040"
    if cjk and (tickets := _TICKETS_CJK.search(sentence)) is not None and _count(tickets.group("n")) >= 2:
        return [Signal(_count(tickets.group("n")), K.SUPPORT_TICKET, tickets.group(0))]
    if not _MAYBE.search(lowered):
        return _claimed_or_told(sentence, lowered, cjk=cjk)
    counted = _COUNTED_WORD.search(lowered) is not None
    for match in _TICKETS.finditer(lowered) if counted else ():
        what = match.group("what").lower()
        if _PER_TIME.match(lowered, match.end()):
            continue
        # The counted word is no verb of its own: '15 requests within the statutory deadline' reports nothing.
        rest = lowered[: match.start()] + " " + lowered[match.end() :]
        if what in ("calls", "requests", "responses") and not _PAIN_VERB.search(rest) and not (
                what == "responses" and _SURVEYED.search(lowered)):
            continue
        if what == "cases" and (_NOT_SUPPORT_CASES.search(lowered[max(0, match.start() - 40) : match.end()])
                                or _GOODS_CASES.match(lowered, match.end())):
            continue
        found.append(Signal(_count(match.group("n")), _kind_of(what), match.group(0)))
    if not found and counted and ":" in lowered:
        for match in _LABELLED_COUNT.finditer(lowered):
            if int(match.group("n").replace(",", "")) >= 2 and not _looks_like_year(match.group("n")):
                found.append(Signal(_count(match.group("n")), _kind_of(match.group("what")), match.group(0)))
    for match in _SHARE.finditer(lowered) if "%" in lowered else ():
        if _SHARE_NOT_USAGE.match(lowered, match.end()) or _ROLLOUT.search(lowered[max(0, match.start() - 24) :
                                                                                     match.start()]):
            continue
        found.append(Signal(max(1, round(float(match.group("n")))), K.USAGE_DATA, match.group(0)))
    if not found:
        found.extend(Signal(max(1, round(float(match.group("n")))), K.USAGE_DATA, match.group(0))
                     for match in (_SHARE_OF_ACTIVITY.finditer(lowered) if "%" in lowered else ()))
        cohort = _COHORT.search(lowered) if "%" in lowered and not found else None
        if cohort is not None and not _looks_like_year(cohort.group("n")):
            found.append(Signal(_count(cohort.group("n")), K.USAGE_DATA, cohort.group(0)))
        sample = _SAMPLE.search(lowered) if "=" in lowered else None
        if sample is not None:
            found.append(Signal(_count(sample.group("n")), K.SURVEY if _SURVEYED.search(lowered) else K.OTHER,
                                sample.group(0)))
        used = _USED_TIMES.search(lowered) if "times" in lowered else None
        if used is not None:
            found.append(Signal(_count(used.group("n")), K.SUPPORT_TICKET, used.group(0)))
    for match in _OF_TOP.finditer(lowered) if " of " in lowered else ():
        found.append(Signal(_count(match.group("n")), K.CRM, match.group(0)))
    if not found and _PAIN_VERB.search(lowered):
        for match in _COUNT_WHO.finditer(lowered):
            count = _count(match.group("n"))
            # 'admins with more than 100 members' states a condition, not how many customers are affected.
            condition = _THRESHOLD.search(lowered[max(0, match.start() - 14) : match.start()])
            # 'bookings for the 65+ group' names an age band, not 65 people who asked.
            band = "+" in match.group(0) and lowered[max(0, match.start() - 4) : match.start()] == "the "
            # 'Padaria Lusitana (Braga, 4 lojas) pediu isto': the bracket tells how big the customer is.
            opened = lowered.rfind("(", 0, match.start())
            bracketed = opened > lowered.rfind(")", 0, match.start()) and len(sentence) == len(lowered) and (
                _NAMED_BEFORE.search(sentence, 0, opened) is not None)
            if count >= 2 and not _looks_like_year(match.group("n")) and not condition and not band and not bracketed:
                found.append(Signal(count, K.OTHER, match.group(0)))
                break
    for match in _REACTIONS.finditer(lowered) if _VOTE_MARKS.search(lowered) else ():
        raw = match.group("n") or match.group("m") or match.group("k")
        if raw and int(raw) > 0:
            found.append(Signal(int(raw), K.OTHER, match.group(0)))
    for match in _DUPLICATES.finditer(sentence) if _DUPLICATE_WORDS.search(lowered) else ():
        refs = _REF.findall(match.group("refs"))
        if refs:
            found.append(Signal(len(refs), K.OTHER, match.group(0), reports=len(refs)))
    if not any(signal.reports for signal in found) and _SAME_WORDS.search(lowered):
        # 'This is the same thing as #1182 and #1207', '@marek-w hit it in #455': the problem reported elsewhere.
        refs = [ref for ref in dict.fromkeys(_REF.findall(sentence)) if not _STANDARD.match(ref)]
        if refs and (("duplicate" in lowered and len(refs) >= 2) or _SAME_ELSEWHERE.search(lowered)):
            found.append(Signal(len(refs), K.OTHER, sentence, reports=len(refs)))
    if not found and _PAIN_VERB.search(lowered):
        vague = _VAGUE.search(lowered)
        if vague is None and any(word in lowered for word in _CLAIM_WORDS):
            vague = _CLAIMED.search(lowered)
            if vague and CONDITION.search(lowered[max(0, vague.start() - 12) : vague.start()]):
                vague = None  # 'when users ask for a refund' tells how the product works
        if vague:
            groups = vague.groupdict()
            quantity = next((groups[name] for name in ("q", "q3", "q4", "q6") if groups.get(name)), "").lower().strip()
            found.append(Signal(_VAGUE_COUNTS.get(quantity, 3), _kind_of(vague.group(0).rsplit(" ", 1)[-1]),
                                vague.group(0)))
    if not found and any(word in lowered for word in _RELAYED_MANY_WORDS) and (
            relayed := _RELAYED_MANY.search(lowered)) is not None:
        found.append(Signal(3, K.OTHER, relayed.group(0)))
    if not found:
        # '"확인 문자가 3~4번씩 온다"는 문의가 수십 건': the figures quoted count no reports; the claim is still one.
        found = _claimed_or_told(sentence, lowered, cjk=cjk)
    return found


def _claimed_or_told(sentence: str, lowered: str, *, cjk: bool) -> list[Signal]:
    """Return a claim of demand in Korean, Japanese or Chinese, else one party's report passed on, if either."""
    if cjk and (claimed := _CLAIMED_CJK.search(sentence)) is not None:
        return [Signal(3, K.OTHER, claimed.group(0))]
    if cjk and (relay := _RELAYED_CJK.search(sentence)) is not None:
        return [Signal(1, K.OTHER, relay.group(0))]
    return one_report(lowered)


def _kind_of(what: str) -> K:
    """Return the kind of source a counted thing comes from: tickets, calls, interviews, surveys, chats, crashes."""
    if any(word in what for word in ("ticket", "case", "complaint", "escalation", "bug report", "incident", "reclam",
                                     "queja", "chamado", "beschwerde", "anfrage", "contact", "zgłosz", "ärend",
                                     "sager", "saker", "henvendelse", "tiket", "talebi",
                                     "melding")) or (
        what == "support requests"
    ):
        return K.SUPPORT_TICKET
    if "crash" in what or "error report" in what:
        return K.USAGE_DATA
    if what == "calls":
        return K.CALL
    if "interview" in what:
        return K.INTERVIEW
    if any(word in what for word in ("respon", "comment", "verbatim", "mention", "review", "rating", "respuest",
                                     "respost", "coment", "reseñ", "avalia", "bewert", "rückmeld", "avis", "répons",
                                     "befragt", "teilnehm", "répondant", "encuestad", "inquirid", "vastaaj", "katılım",
                                     "rispondent", "intervistat")):
        return K.SURVEY
    return K.CHAT if what in ("conversations", "chats") else K.OTHER


def _looks_like_year(raw: str) -> bool:
    return len(raw) == 4 and raw.startswith(("19", "20"))
