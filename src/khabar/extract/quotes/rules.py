"""The quote rules applied to one article: cues, the content each introduces, and its source.

:class:`QuoteDocument` is one article as the rules read it: its tokens, matching
keys, sentences, paragraphs and quotation-mark pairs (:class:`~.text.QuoteText`)
together with the cue lexicon, so every rule is a method that looks at the same
article. :meth:`QuoteDocument.quotes` runs them: it finds candidate quotes in
token indices (nominal cues, reporting verbs, cues after a quotation), keeps one
per content, then resolves the sources of pro-drop cues and builds character
spans. The package docstring (:mod:`khabar.extract.quotes`) says what the rules
cover and why they are written by hand.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Container, Iterable, Sequence

from ...gold.model import Entity, Quote, Span
from ...gold.validate import quote_type_of
from ...text import TANWEEN, is_stop_word, remove_invisible, remove_tatweel
from ..conventions import institution_nouns, is_institution_noun, is_place_designator
from .lexicon import VERB_READING, CueForm, Lexicon, NominalCue, norm
from .text import QuoteText

__all__ = ["QuoteDocument"]

_TERMINAL = frozenset(".!?؟…")
_COMMAS = frozenset("،,؛;")
_DASHES = frozenset("-–—")
_NAME_LINKS = frozenset(norm(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "عبد", "آل", "ابو", "أم"))
#: "Son of", "father of": the word after them is a name, even when it is also a verb of saying (بن طالب، أبو طالب).
_NAME_PARTICLES = frozenset(norm(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "ابو", "آل"))
_RELATIVES = frozenset(norm(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"))
_RELATIVES_OR_AND = _RELATIVES | frozenset("و" + r for r in _RELATIVES)
# في الوقت الذي، الأمر الذي: nouns a relative clause turns into a conjunction ("while") or a summary ("which").
_CONJUNCTIONAL_NOUNS = frozenset(norm(w) for w in ("الوقت", "الحين", "اللحظة", "الأمر", "الشيء"))
_FEMININE_RELATIVES = frozenset(norm(w) for w in ("التي", "اللتين", "اللواتي", "اللاتي"))
_PLURAL_RELATIVES = frozenset(norm(w) for w in ("الذين", "اللواتي", "اللاتي"))
# عدم ذكر، بعدم الكشف: after "not", "lack of" a reporting verb's form is its verbal noun, never a finite verb.
_NEGATING_NOUNS = frozenset(norm(w) for w in ("عدم", "بعدم", "وعدم", "لعدم"))
# After these a reporting-verb form is subjunctive or negated (أن يذكر، لم يذكر), or a noun after
# a preposition or a nominal cue (وفق وصف المحرضين، في تصريح): nobody is quoted by it.
_NOT_REPORTING = frozenset(
    norm(w)
    for w in (
        "أن", "لم", "لن", "لا", "كي", "لكي", "ولم", "ولن", "ولا", "لئلا",
        "في", "من", "على", "عن", "إلى", "بعد", "قبل", "عند", "مع", "وفق", "وفقا", "بحسب", "حسب", "وبحسب",
    )
) | _NEGATING_NOUNS
_OBJECT_PREPOSITIONS = frozenset(norm(w) for w in ("عن", "على"))
#: Prepositions whose object may come after whom the verb addresses and where it was said (دعا في بيان له الحكومة
#: إلى …، طالب في تصريح السلطات بـ…، أشار في تصريح لمراسلة الإذاعة إلى …).
_ADDRESSEE_FIRST_PREPOSITIONS = frozenset(norm(w) for w in ("إلى", "ب"))
_ILA = norm("إلى")
#: Verbs of describing and accusing, which take no preposition of their own before their object's label or charge.
_DESCRIBING_OR_ACCUSING = frozenset(("وصف", "اتهم"))
#: بأن with or without a pronoun: what a verb of describing says of its object follows (وصفه بأنه …).
_BI_ANNA = frozenset(norm(w) for w in ("بأن", "بأنه", "بأنها", "بأنهم", "بأنهما", "بأنّ", "بأنّه", "بأنّها"))
#: Verbs whose object is often a person, named right after the speaker (دعا فلان، الحكومة، إلى …؛ اتهم فلان، الرئيس،
#: بتزوير …؛ أبلغ الوزير، نظيره، أن …): a phrase between commas after their speaker may be that person.
_PERSON_OBJECT_LEMMAS = frozenset((  # spelt as the lexicon's perfects, which CueForm.lemma keeps
    "دعا", "طالب", "حث", "ناشد", "اتهم", "وصف", "أبلغ", "أخبر", "حمل", "حذر", "طلب", "نصح", "سأل", "أوصى",
))
#: Participles of a speaker's stance, after a comma: the speaker's next act (…، مثمنا جهود الحكومة، منتقدا …، محملا
#: الحكومة المسؤولية، معبرا عن استيائه), which ends the clause reported before it as the cues' participles do
#: (…، مشددا على …), though what they take is no statement of its own.
_STANCE_PARTICIPLES = frozenset(
    norm(stem + ending)
    for stem in ("معبر", "معبّر", "مثمن", "منتقد", "مستنكر", "مشيد", "محمل", "مندد", "مبدي", "متطلع")
    for ending in ("ا", "ة", "ين", "ًا", "اً")
)
#: محملة بالسلع: "loaded with", not "holding (someone) responsible".
_LOADED = norm("محمل")
#: Words after a comma that go on with the phrase before it (…، بينها 20 حالة خطيرة، خاصة في …), never what is reported.
_CONTINUATIONS = frozenset(norm(w) for w in (
    "بينها", "بينهم", "منها", "منهم", "خاصة", "خصوصا", "لاسيما", "سيما", "وهو", "وهي", "ما",
))
# المتحدث باسم الجيش، الناطق الرسمي باسم الحكومة: "on behalf of" ties a spokesman's title to whom he speaks for.
_BI_ISM = norm("باسم")
_MIN = norm("من")
_AN_FROM = norm("عن")
_KHILAL = norm("خلال")
_AGE = norm("العمر")
_THAT_WAS = frozenset(norm(w) for w in ("وذلك", "ذلك"))
#: ذات / نفس before a noun: the same (في ذات البلاغ، في نفس التصريح).
_SELF_WORDS = frozenset(norm(w) for w in ("ذات", "نفس"))
#: Particles before a verb that opens its clause (كما دعا، ثم أكد، وقد أعلن).
_OPENING_PARTICLES = frozenset(norm(w) for w in ("كما", "ثم", "قد", "وقد", "فقد", "لقد", "وكما"))
#: فقد opening what an attribution at the head of a sentence reports, as فإن does (وحسب السليطي فقد بلغ …).
_FA_QAD = norm("فقد")
#: كما / على ما before a verb of saying: "as … said" (…، كما ذكر الإعلان.).
_KAMA = norm("كما")
#: Members of a body, and the bodies, joined by في in a speaker's title (القيادي في حركة النهضة، عضو في مجلس …);
#: not an office and where it was said (الوزير في المجلس).
_MEMBERS = frozenset(norm(w) for w in (
    "القيادي", "قيادي", "عضو", "العضو", "الناشط", "ناشط", "الخبير", "خبير", "الباحث", "باحث", "المسؤول", "مسؤول",
))
_MEMBER_OF = frozenset(norm(w) for w in (
    "حركة", "الحركة", "حزب", "الحزب", "جمعية", "الجمعية", "نقابة", "النقابة", "منظمة", "المنظمة", "اتحاد", "الاتحاد",
    "الجبهة", "جبهة", "التيار", "تيار", "مجلس", "هيئة", "لجنة",
))
#: Bodies whose names may end with whom they are for (النقابة الوطنية للصحفيين، المؤسسة الشرقية للصحافة).
_BODIES_FOR_AUDIENCES = frozenset(norm(w) for w in (
    "مؤسسة", "المؤسسة", "رابطة", "الرابطة", "مركز", "المركز", "نادي", "النادي", "دار", "الدار", "شبكة", "الشبكة",
    "مفوضية", "المفوضية", "مكتب", "المكتب", "شركة", "الشركة", "جامعة", "الجامعة",
))
#: Verbs of saying that never take a noun-phrase object, so that كما قال فلان. names the speaker.
_AS_SAID_VERBS = frozenset(("قال", "ذكر", "أفاد", "صرح", "أورد"))
#: Who announces: authorities and institutions that end a sentence as its attribution (…، كما أعلنت السلطات.).
_AUTHORITIES = frozenset(norm(w) for w in (
    "السلطات", "سلطات", "الشرطة", "شرطة", "الحكومة", "حكومة", "الجيش", "وزارة", "الوزارة", "هيئة", "الهيئة", "مجلس",
    "المجلس", "رئاسة", "الرئاسة", "بيان", "البيان", "بلاغ", "البلاغ", "وكالة", "الوكالة", "منظمة", "المنظمة",
))
#: More bodies that head a speaker's phrase (الإدارة العامة، القوى السياسية، الهيئات، الجبهة الشعبية).
_OTHER_BODIES = frozenset(norm(w) for w in (
    "إدارة", "قوى", "نقابة", "تنسيقية", "جبهة", "رابطة", "كتلة", "مرصد", "معهد", "هيئات", "منظمات", "جمعيات", "نقابات",
    "أحزاب", "مكتب", "ائتلاف", "تحالف", "عمادة", "هيئة", "اتحاد", "فرع", "بلدية", "ولاية",
))
#: Groups of people in a broken plural (الأهالي، المتساكنون): no one person's title stands after them.
_PEOPLE_GROUPS = frozenset(norm(w) for w in (
    "الأهالي", "السكان", "المتساكنون", "النواب", "الأطباء", "المعلمون", "المحتجون", "المشاركون", "العمال", "الأساتذة",
    "الطلبة", "المواطنون", "البعض", "المغردون", "الفلاحون", "الأعوان",
))
#: Institutions' head nouns (المفوضية، المكتب، اللجنة), with and without the article.
_INSTITUTION_HEADS = frozenset(norm(w) for w in (
    "مفوضية", "مكتب", "لجنة", "جمعية", "نقابة", "حزب", "حركة", "شركة", "جامعة", "محكمة", "مديرية", "إدارة", "ديوان",
))
#: Verbs of announcing and explaining that end a sentence as its attribution (…، كما أعلنت السلطات المحلية.).
_AS_ANNOUNCED_VERBS = frozenset(("أعلن", "أكد", "أوضح", "أشار", "بين", "كشف", "نقل"))
_MA = norm("ما")
#: Words that open a new clause after a comma: a pronoun or demonstrative subject with و, or "which" (مما).
_CLAUSE_OPENERS = frozenset(norm(w) for w in ("وهو", "وهي", "وهم", "وهذا", "وهذه", "مما", "ما"))
#: البيان ذاته، المصدر نفسه: "the same", after the noun.
_SELF_AFTER = frozenset(norm(w) for w in ("ذاته", "ذاتها", "نفسه", "نفسها"))
_TANWEEN = frozenset(TANWEEN)
#: A deputy sits for (عن) a constituency, a region or a party: النائب عن دائرة …، النائبة عن حركة النهضة.
_DEPUTIES = frozenset(norm(w) for w in ("نائب", "النائب", "نائبة", "النائبة", "النواب", "نواب"))
_REPRESENTED = frozenset(norm(w) for w in (
    "دائرة", "الدائرة", "ولاية", "جهة", "حزب", "الحزب", "حركة", "الحركة", "كتلة", "الكتلة", "الجبهة", "جبهة",
    "التيار", "تيار", "قائمة", "القائمة", "ائتلاف", "الائتلاف", "محافظة", "مدينة", "منطقة",
))
#: Month names, the Maghreb's and the Mashriq's.
_MONTHS = frozenset(norm(w) for w in (
    "جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    "يناير", "فبراير", "أبريل", "إبريل", "مايو", "يونيو", "يوليو", "أغسطس",
))
#: A noun whose root opens with و before ال, not the conjunction and the article: والي (a governor, the Maghreb's
#: title before the region's name). والد / والدة (parent) are left out: a name or an object follows them as often.
_WAL_ROOTS = frozenset((norm("والي"),))
_CAME = frozenset(norm(w) for w in ("جاء", "ورد"))
_ALA = norm("على")
#: Nouns that make على an adverbial: against the backdrop of, on the sidelines of, following, like, on the front of.
#: Asides on the speaker's turn or the article's thread, set off by commas between the speaker and the verb's object
#: (وأكد رئيس الحكومة، من ناحية ثانية، انطلاق …، واكد جلول، في هذا الصدد، حرص …).
_DISCOURSE_ASIDES = frozenset(
    tuple(norm(w) for w in phrase.split()) for phrase in (
        "من ناحية أخرى", "من ناحية ثانية", "من جهة أخرى", "من جهة ثانية", "من جانب آخر", "من جانب اخر", "في المقابل",
        "بدوره", "بدورها", "بدورهم", "في هذا الصدد", "في هذا السياق", "في هذا الإطار", "في هذا الاطار", "بالمناسبة",
        "من جهته", "من جهتها", "من جهتهم", "من جانبه", "من جانبها", "من جانبهم", "من ناحيته", "من ناحيتها",
    )
)
_ADVERBIAL_AFTER_ALA = frozenset(norm(w) for w in ("خلفية", "هامش", "إثر", "أثر", "غرار", "صعيد", "مستوى"))
_ISSUED = frozenset(norm(w) for w in ("صادر", "الصادر", "صادرة", "الصادرة", "الصادرين"))
_DEMONSTRATIVES = frozenset(norm(w) for w in ("هذا", "هذه", "ذلك", "تلك", "هؤلاء", "هذين", "هاتين"))
#: A verb of issuing with its object pronoun after a noun of saying: في بيان أصدره، في بلاغ نشرته.
_ISSUING = frozenset(norm(w) for w in (
    "أصدره", "أصدرته", "أصدرها", "أصدروه", "نشره", "نشرته", "نشرها", "نشروه", "وزعه", "وزعته", "وجهه", "وجهته",
    "عقده", "عقدته", "عقدها", "عقدوه", "ألقاها", "ألقته",  # في ندوة صحفية عقدها اليوم، في كلمة ألقاها: held, delivered
))
#: Near demonstratives, which with a noun of time make an adverbial (هذا الصباح).
_NEAR_DEMONSTRATIVES = frozenset(norm(w) for w in ("هذا", "هذه"))
_THIS_FEMININE = norm("هذه")
#: Claims and news, which a verb denies or confirms: never its speaker after a demonstrative (ونفى هذا الاتهام أن …).
_CLAIM_NOUNS = frozenset(norm(w) for w in (
    "الاتهام", "الاتهامات", "الادعاء", "الادعاءات", "الأنباء", "الخبر", "الأخبار", "المزاعم", "الشائعات", "الشائعة",
    "التصريحات", "الإشاعات", "الإشاعة", "المعلومات", "الرواية",
))
#: A preposition written apart from its noun (بـ «الخطير»، لـ"الشروق"), which a quotation may follow.
_BARE_PREPOSITIONS = frozenset(norm(w) for w in ("ب", "بـ", "ل", "لـ", "ك"))
#: Nouns of time a demonstrative makes an adverbial of (هذا الصباح، هذه المرة), beside the lexicon's temporal words.
_TIME_NOUNS = frozenset(norm(w) for w in (
    "الصباح", "المساء", "المرة", "الفترة", "الأيام", "الأسابيع", "الأشهر", "السنة", "السنوات", "الموسم", "العشية",
    "الصيف", "الشتاء", "الربيع", "الخريف",
))
# وكانت القوات دخلت …: "was", before a subject that precedes its own verb.
_KANA_FORMS = frozenset(norm(w) for w in ("كان", "وكان", "كانت", "وكانت", "فكان", "فكانت"))
# وقد أكد، لقد قال: the particle قد ("indeed", "has") between a subject and its verb.
_QAD_PARTICLES = frozenset(norm(w) for w in ("قد", "وقد", "لقد", "فقد", "ولقد"))
# وفق ما ذكرت، حسب ما قال: ما after a nominal cue names what was said.
_MA_PARTICLES = frozenset(norm(w) for w in ("ما", "لما"))
_DEMONSTRATIVE_REFS = frozenset(
    norm(w) for w in ("بذلك", "ذلك", "به", "بها", "عنه", "عنها", "عنهم", "عنهما", "إليه", "إليها")
)
# A coordinator that opens a new clause (…، لكن وسائل إعلام أشارت إلى أن): a subject before a verb starts after it.
_COORDINATORS = frozenset(norm(w) for w in ("لكن", "ولكن", "لكنّ", "بل", "أما", "وأما"))
# وعن …، وحول …: a sentence opening on its topic, whose first noun is no verb.
_TOPIC_PREPOSITIONS = frozenset(norm(w) for w in ("عن", "وعن", "حول", "وحول", "بشأن", "وبشأن", "بخصوص", "وبخصوص"))
#: فيما يتعلق بـ، وفيما يخص: "as regards", a fronted topic like عن and حول.
_AS_REGARDS = frozenset(norm(w) for w in ("فيما", "وفيما"))
#: Nouns of a person's calling (with ة for a woman), who may speak on after a verb of theirs.
_PERSON_NOUNS = frozenset(norm(w) for w in (
    "ممثل", "فنان", "ناشط", "طالب", "صحفي", "إعلامي", "كاتب", "شاعر", "مخرج", "مغني", "لاعب", "مدرب", "محامي", "محام",
    "طبيب", "مواطن", "باحث", "خبير", "أستاذ", "معلم", "مهندس", "نائب", "زوج", "زوجة", "أم", "أب", "والد", "والدة",
    "ابن", "ابنة", "شقيق", "شقيقة", "مدير", "رئيس", "متحدث", "ناطق", "مسؤول", "سيدة", "رجل", "امرأة", "فتاة", "شاب",
))
#: Titles whose remit follows بشأن (المبعوث الخاص … بشأن سوريا، اللجنة الوطنية بشأن اللاجئين).
_REMIT_WORDS = frozenset(norm(w) for w in (
    "الخاص", "الخاصة", "مبعوث", "المبعوث", "مقرر", "المقرر", "لجنة", "اللجنة", "مفوض", "المفوض",
))
#: "About", "concerning": what a statement is about, never part of the speaker's name.
_ABOUT_TOPICS = frozenset(norm(w) for w in ("بخصوص", "وبخصوص", "بشأن", "وبشأن"))
#: حول "about", also the verb حوّل "transferred".
_AROUND = frozenset(norm(w) for w in ("حول", "وحول"))
#: Prepositions that may open a sentence (وفي نفس السياق، …): the word after one is its noun, not a verb.
#: Openers a participle's speaker may stand after (ورغم ذلك دافع المدرب …، قائلا), with their demonstratives.
_LENIENT_OPENERS = frozenset(norm(w) for w in ("رغم", "ورغم", "برغم", "وبرغم"))
_LENIENT_DEMONSTRATIVES = frozenset(norm(w) for w in ("ذلك", "هذا", "هذه", "ذاك", "تلك"))
#: How far a comma may close an opening prepositional phrase (وفي إطار زيارته للجهة، استقبل الوالي …).
_MAX_OPENING_PHRASE = 12
_OPENING_PREPOSITIONS = frozenset(
    norm(c + w) for w in ("في", "على", "عن", "إلى", "من", "مع", "بعد", "قبل", "خلال", "منذ", "حول", "لدى") for c in ("", "و")
)
#: Role participles and the preposition of what the role is over (المشرف على البرامج، المسؤول عن الملف).
_ROLE_PREPOSITIONS = {
    norm(article + noun + ending): norm(preposition)
    for noun, preposition in (
        ("مشرف", "على"), ("مسؤول", "عن"), ("قائم", "على"), ("سفير", "لدى"), ("مندوب", "لدى"), ("ممثل", "لدى"),
        ("مبعوث", "لدى"), ("وكيل", "لدى"), ("وكالة", "لدى"), ("نيابة", "لدى"),
    )
    for article in ("", "ال")
    for ending in ("", "ة")
}
#: The prepositions of :data:`_ROLE_PREPOSITIONS`: no other word can be one (a test cheaper than the method's).
_ROLE_PREPOSITION_WORDS = frozenset(_ROLE_PREPOSITIONS.values())
#: Bare nouns of a title or a body that must take a genitive (رئيس وزراء لبنان، سفير ليبيا، شرطة لندن، مصرف لبنان);
#: institutions are read from khabar/data/institution_nouns.json. (أمير، ملك are left out: first names too.)
_CONSTRUCT_HEADS = frozenset(norm(w) for w in (
    "رئيس", "وزراء", "سفير", "عمدة", "محافظ", "حاكم", "مدرب", "شرطة", "حكومة", "خارجية", "مصرف",
))
#: Prepositions that open where or when an attribution ending a sentence was made (خلال ندوة صحفية، أثناء زيارته).
_CLOSING_ADVERBIAL_HEADS = frozenset(norm(w) for w in ("خلال", "أثناء", "لدى", "إثر", "عقب"))
#: "Called" (شركة تدعى …، جماعة تسمى …، المدعو …): the word is kept in the speaker's phrase, which goes on over the
#: name after it as over any other words of a name.
_CALLED = frozenset(norm(w) for w in ("تدعى", "يدعى", "تسمى", "يسمى", "المسمى", "المسماة", "المدعو", "المدعوة"))
#: Words before أنّ that make it the writer's conjunction, not a verb's complementiser (علما أن، في حين أن، إلا أن).
_SUBORDINATORS = frozenset(norm(w) for w in ("علما", "حين", "رغم", "إلا", "غير", "بما", "خاصة", "سيما", "بعد", "قبل"))
#: Conjunctions before أن / إن that open the writer's own clause in a cue's gap: "moreover" (كما أن), "since"
#: (حيث إن), "given that" (باعتبار أن، بما أن), "whereas" (في حين أن), "especially as" (لاسيما أن). A complementiser
#: after them past the speaker is no verb's: ويعتبر التدخين من أهم عوامل الخطورة … حيث إن …، تعتبر الخطة من أكبر
#: الخطط … باعتبار أنها …
_AS_OPENERS = frozenset(norm(w) for w in ("كما", "وكما"))
_WRITERS_CONJUNCTIONS = frozenset(norm(w) for w in (
    "كما", "وكما", "حيث", "وحيث", "بحيث", "باعتبار", "حين", "بما", "وبما", "سيما", "لاسيما",
))
_DAY = norm("يوم")
#: "Following" (إثر لقائه، اثر الاجتماع، عقب الاجتماع): when something was said, not part of the speaker's name (أثر,
#: with its hamza above, is "impact": لجنة تقييم أثر الجفاف).
_FOLLOWING = frozenset(norm(w) for w in ("إثر", "عقب"))
#: Words that open when something was done, between a verb and its subject (استقبل اليوم الثلاثاء رئيس الجمهورية،
#: كشف أمس الوزير): adverbs such as أيضا are left out, a verb's object often follows them (كما انتقد أيضا تعيين …).
_DATE_OPENERS = frozenset(norm(w) for w in (
    "أمس", "اليوم", "الليلة", "غدا", "مساء", "صباح", "ظهر", "فجر", "مؤخرا", "يوم", "الأحد", "الاثنين", "الإثنين",
    "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت",
))
#: Words that may open a sentence where its first verb is looked for but are no verb with a subject of its own: the
#: passive auxiliary تمّ (وتم الكشف عن …: its noun is what was done, never who acts) and prepositions of time or
#: cause (إثر تلقي الوحدات …، ونتيجة لتفاقم …، وردا على قرار …: the noun after them is theirs). Not حول, also the verb
#: حوّل (وحول الوزير الملف إلى النيابة).
_NOT_A_VERB_OPENING = (_OPENING_PREPOSITIONS - _AROUND) | frozenset(
    norm(c + w) for w in (
        "تم", "تمت", "يتم", "سيتم", "إثر", "اثر", "عقب", "نتيجة", "ردا", "تعليقا", "تعقيبا",
    ) for c in ("", "و", "ف")
)
#: "There": after a speaker's noun it is where the speaker is (أطباء هناك) or opens "there is" (هناك اثنان …);
#: either way not part of the name, and skipped before the verb's preposition or object.
_THERE = frozenset(norm(w) for w in ("هناك", "هنالك"))
#: "For his part" (وقال الوزير من جهته إن …، وأشار هاربر من جانبه إلى …): after a speaker's noun, من with one of
#: these ends the name.
_FOR_ONES_PART = frozenset(
    norm(noun + pronoun) for noun in ("جهت", "جانب", "ناحيت", "طرف") for pronoun in ("ه", "ها", "هم", "هما")
)
#: Prepositions of time the temporal words leave out (في الندوة الصحفية عشية المباراة).
_NEAR_IN_TIME = frozenset(norm(w) for w in ("عشية", "قبيل", "بعيد", "غداة", "إثر", "عقب", "أثناء", "خلال", "لدى"))
#: A statement given, with بـ (أدلى الرئيس بتصريح، قال فلان بلقاء مع …، بحسابه على …): never part of a speaker's
#: name (unlike a setting: مدير مركزي بمعرض سوسة، بمناسبة …).
_BI_STATEMENTS = frozenset(norm("ب" + w) for w in (
    "تصريح", "تصريحات", "تصريحه", "تصريحها", "بيان", "بيانه", "بيانها", "حديث", "حديثه", "حديثها", "كلمة", "كلمته",
    "لقاء", "تغريدة", "مداخلة", "إفادة", "حسابه", "حسابها",
))
#: "In turn" after a speaker's name (وكشف فلان بدوره أن …).
_IN_TURN = frozenset(norm("بدور" + pronoun) for pronoun in ("ه", "ها", "هم", "هما"))
#: The wire-news formula of a speaker who would not be named (مسؤول طلب عدم الكشف عن هويته، المصدر، الذي فضّل عدم
#: ذكر اسمه، …، طالبا عدم كشف هويته، …): the asking verb or participle, maybe عدم, a verb of disclosing, maybe عن,
#: then the name or identity with its pronoun. It describes the speaker and is neither the speaker's name nor a
#: saying of its own, though طالب and ذكر are cues elsewhere.
_WITHHOLDING = frozenset(
    norm(prefix + word)
    for prefix in ("", "و")
    for word in (
        "طلب", "طلبت", "طلبا", "طلبوا", "فضل", "فضلت", "فضلا", "فضلوا", "رفض", "رفضت", "رفضا", "رفضوا", "اشترط",
        "اشترطت", "طالبا", "طالبة", "طالبين", "مفضلا", "مفضلة", "مفضلين", "رافضا", "رافضة", "رافضين", "مشترطا",
        "مشترطة", "يرفض", "ترفض", "يفضل", "تفضل", "شرط", "بشرط", "يشأ", "تشأ", "يشاء", "تشاء", "يرغب", "ترغب",
        "يرد", "ترد", "يريد", "تريد",
    )
)
#: "Spoke" before the formula (مسؤول تحدث شرط عدم الكشف عن هويته، متحدثا بشرط …): part of it.
_SPOKE = frozenset(norm(w) for w in ("تحدث", "تحدثت", "تحدثا", "تحدثوا", "متحدثا", "متحدثة", "متحدثين"))
_NOT = norm("عدم")
#: Unnamed officials and sources, whose body may follow after في (مصدر في الرئاسة، مسؤولون في الأمم المتحدة).
_OFFICIALS = frozenset(norm(w) for w in (
    "مصدر", "مصادر", "مسؤول", "مسؤولة", "مسؤولون", "مسؤولين", "مسؤولو", "مسؤولي", "موظف", "موظفون", "دبلوماسي",
    "دبلوماسيون", "ضابط", "ضباط",
))
#: Adjectives of rank after an official (مسؤول كبير، مصدر رفيع).
_RANKS = frozenset(norm(w) for w in ("كبير", "كبار", "رفيع", "بارز", "رفيعة", "آخر"))
#: The first letter of سي إن إن (CNN) spelt out: the إن after it is a letter, not a complementiser.
_SEE = frozenset(norm(w) for w in ("سي", "لسي"))
#: "In a … tone / voice" (بلهجة حازمة، بنبرة ساخرة، بصوت عال): how something was said, never who said it.
_MANNER_NOUNS = frozenset(norm(w) for w in ("بلهجة", "بنبرة", "بصوت", "بلغة"))
#: Roles held at a news outlet (المدير العام للجزيرة، الرئيس التنفيذي لسكاي نيوز), and adjectives of a title.
_OUTLET_ROLES = frozenset(norm(w) for w in ("مدير", "مديرة", "رئيس", "رئيسة", "مستشار", "مستشارة", "محرر", "مذيع", "مقدم"))
_TITLE_ADJECTIVES = frozenset(norm(w) for w in ("العام", "العامة", "الجديد", "الجديدة", "السابق", "السابقة", "الأسبق", "المساعد"))
_NEGATIONS = frozenset(norm(w) for w in ("لم", "لا", "ولم", "ولا", "لن"))
#: "And its seat is" (المرصد السوري لحقوق الإنسان ومقره لندن): where a body sits, after its name.
_SEAT = frozenset(norm("و" + w) for w in ("مقره", "مقرها", "مقرهم"))
#: Words opening an adverbial of when or on what occasion set off by commas after a speaker (…، خلال لقائه …،).
_CIRCUMSTANCE_OPENERS = frozenset(norm(w) for w in ("خلال", "أثناء", "لدى", "عقب", "إثر", "اثر"))
_MAX_CIRCUMSTANCE = 12
#: "Other" (مصدر آخر، مصادر أخرى): an indefinite adjective that, like one of origin, ends a speaker's phrase.
_OTHER = frozenset(norm(w) for w in ("آخر", "أخرى", "آخرون", "آخرين"))
#: Nouns of what befell someone, announced or confirmed as a verb's object (أعلنت مصادر عسكرية مقتل ضابط، مصرع،
#: وفاة), of patterns the verbal-noun test does not know.
_EVENT_NOUNS = frozenset(norm(w) for w in ("مقتل", "مصرع", "وفاة", "سقوط", "نجاة", "فقدان", "هروب", "فرار"))
#: Words that go on an agency's or broadcaster's name (فرانس برس، سكاي نيوز عربية، الجزيرة نت، دويتشه فيله).
_AGENCY_NAME_TAILS = frozenset(norm(w) for w in ("برس", "نيوز", "نت", "فيله", "عربية", "تاس"))
_DISCLOSING = frozenset(
    norm(word)
    for word in ("الكشف", "كشف", "ذكر", "نشر", "الإفصاح", "إفصاح", "الإعلان", "إعلان", "الإشارة", "تحديد", "كشفه", "ذكره")
)
_IDENTITY_TEXT = re.compile("هوي|اسم|إسم|أسما|صف|منصب")
_DISCLOSING_TEXT = re.compile("كشف|ذكر|نشر|فصاح|علان|شار|تحديد")
_IDENTITY_STEMS = tuple(norm(stem) for stem in ("هويت", "اسم", "أسماء", "أسمائ", "صفت", "منصب"))
#: "In charge of" (المكلف بالإعلام، كاتب الدولة المكلف بالإنتاج الفلاحي): the بـ after it belongs to the title.
_CHARGED_WITH = frozenset(norm(article + "مكلف" + ending) for article in ("", "ال") for ending in ("", "ة"))
#: Nouns of stance and intent that, with a possessive pronoun, open what a speaker confirms or announces (أكد
#: اللاعب رغبته في …، أعلن المدرب استقالته، جدد الوزير دعمه لـ…).
_STANCE_NOUNS = frozenset(norm(w) for w in (
    "رغبة", "استعداد", "دعم", "رفض", "تمسك", "حرص", "قلق", "أمل", "سعادة", "ارتياح", "استياء", "ترحيب", "تضامن",
    "اعتزاز", "شكر", "تقدير", "عزم", "نية", "اعتزال", "استقالة", "مشاركة", "موافقة", "معارضة", "تأييد", "انزعاج",
    "تفاؤل", "ثقة", "استغراب", "امتنان", "حزن", "أسف", "إدانة", "انسحاب", "ترشح", "التزام", "مسؤولية", "اعتزام",
    "ولاء", "انتصار",
))
#: "During it", "after it" (أعلنت خلالها برلين …): an adverbial between a verb and its subject (فيها, بعدها are
#: as often "in which" and the verb's object follows: دعت فيه المصالح إلى …).
_ADVERBIAL_PRONOUNS = frozenset(
    norm(p + s) for p in ("خلال", "إثر", "بعد") for s in ("ه", "ها", "هم", "هما")
)
#: "What", alone or with a preposition (مما، بما، لما): never a subject.
_WHAT_WORDS = frozenset(norm(w) for w in ("ما", "وما", "مما", "بما", "لما", "عما", "كما", "فيما"))
#: A preposition with a pronoun glued to it (معهما، منه، لديهم): never a subject.
_PREPOSITION_PRONOUNS = frozenset(
    norm(p + s)
    for p in (
        "مع", "من", "عن", "على", "علي", "إلى", "إلي", "في", "ل", "ب", "عند", "لدى", "لدي", "خلال", "بعد", "قبل", "حول",
        "أمام", "بين", "عبر", "ضد", "نحو", "تجاه", "وراء", "حيال",
    )
    for s in ("ه", "ها", "هم", "هما", "هن", "نا", "كم")
)  # not the first person's ي: مني is spelt as the name منى once ى is folded, بي opens بي بي سي
_CONCERNS = frozenset(norm(w) for w in ("يتعلق", "يخص"))
# وبدوره، من جهته: a new speaker's turn (…، وبدوره أكد اللاعب …).
_TURN_TAKERS = frozenset(
    norm(p + w) for w in ("بدوره", "بدورها", "بدورهم", "جهته", "جهتها", "جهتهم", "جانبه", "جانبها", "جانبهم") for p in ("", "و")
)
# إلا أن، غير أن، بيد أن: "but" before a complementiser, a clause of its own.
_CONTRAST_HEADS = frozenset(norm(w) for w in ("إلا", "غير", "بيد"))
#: "Although" opening a clause (رغم، بالرغم من، على الرغم من، مع أنّ): its main clause follows إلا أن / غير أن.
_CONCESSIVES = frozenset(norm(w) for w in ("رغم", "برغم", "بالرغم", "ورغم", "وبالرغم", "وبرغم"))
_AL_RAGHM = norm("الرغم")
_MA_A = norm("مع")
#: أنّ and its sisters, which a noun must follow: in …غير أن الشركة طالبت تونس… that noun is the verb's subject.
_NOUN_FIRST = frozenset(norm(w) for w in ("أن", "إن", "بأن", "لأن", "وأن", "فإن", "لكن", "ولكن"))
#: The forms of أن that also stand before a verb in the subjunctive (أن يكون، أن تنساه، أن أجمع), as
#: written: إنّ never does, and the folded key would not tell them apart.
_AN_BEFORE_VERB = frozenset(("أن", "بأن", "وأن", "ان", "بان", "وان"))
_IMPERFECT_PREFIXES = ("ي", "ت", "ن", "أ")
#: After a sentence-opening وإن these read "if" (وإن كان الأمر …، وإن لم …), not "and that".
_CONDITIONAL_VERBS = frozenset(norm(w) for w in ("كان", "كانت", "كانوا", "كنت", "كنا", "لم", "لن", "صح", "ثبت", "حصل", "وجد", "وجدت"))
#: Perfect verbs of the first and second person and plurals (فعلنا، شئتم، سردنا، قالوا): not a noun after وإن.
_PERFECT_ENDINGS = tuple(norm(w) for w in ("نا", "تم", "وا"))
#: Verbs of going on or turning to before an imperfect verb of saying (ومضى يقول، وراحت تقول، وعاد ليؤكد): their
#: subject is the speaker's, dropped with both verbs, never a noun phrase of its own.
_GOING_ON = frozenset(
    norm(c + w) for c in ("", "و", "ف") for w in (
        "مضى", "مضت", "راح", "راحت", "عاد", "عادت", "ظل", "ظلت", "ظلوا", "راحوا", "أخذ", "أخذت", "استطرد", "استطردت",
        "انطلق", "انطلقت",
    )
)
#: Nouns of duration heading an adverbial (طوال اللقاء، طيلة الحصة).
_DURATIONS = frozenset(norm(w) for w in ("طوال", "طيلة", "طول"))
#: Verbs whose feminine participle after a comma reads as the speaker's act with a noun-phrase object (…، مؤكدة ضرورة
#: …، نافية وجود …): not those whose participle is as often passive (متهمة "accused", متوقعة "expected", معلنة).
_ACTIVE_FEMININE_NP = frozenset(("أكد", "نفى"))
#: بذلك "thereby" after a participle: what a deed shows (…، نافية بذلك بعدها الديني), no saying.
_THEREBY = frozenset(norm(w) for w in ("بذلك", "بهذا", "بهذه"))
#: "Came", "comes" before a purpose clause (وجاء فوز الفريق ليؤكد، تأتي هذه الخطوة لتؤكد): what an event shows.
_CAME_TO = frozenset(
    norm(c + w) for c in ("", "و", "ف") for w in (
        "جاء", "جاءت", "جاءوا", "أتى", "أتت", "يأتي", "تأتي", "يجيء", "تجيء",
    )
)
#: The same particles with a pronoun (لأنها، لكنه): the pronoun is the subject of what follows.
_NOUN_FIRST_WITH_PRONOUN = frozenset(
    base + suffix for base in _NOUN_FIRST for suffix in ("ه", "ها", "هم", "هما", "هن", "ني", "نا")
)
#: Words that open an adverbial or another clause, never a subject: لكن في مقابل ذلك اتهم، ولكن عندما رأيت.
_NOT_A_SUBJECT = frozenset(
    norm(w)
    for w in (
        "في", "على", "من", "عن", "إلى", "مع", "حتى", "منذ", "خلال", "بعد", "قبل", "عند", "لدى", "رغم", "بسبب",
        "عندما", "حينما", "ما", "لا", "لم", "لن", "هل", "إذا", "إذ", "لو", "حيث", "كما", "ثم", "بينما", "فيما",
        "يكون", "تكون", "كان", "كانت", "سوف", "هناك", "هنالك",
    )
)
# Words that are adjectives after a definite noun (الأمين العام، النائب الأول) but temporal on their own (العام الماضي).
_ADJECTIVE_OR_TIME = frozenset(norm(w) for w in ("العام", "الأول"))
#: Adjectives of a time word (الأحد الماضي، الأسبوع الفارط، الليلة الماضية); الفارط and المنقضي are the Maghreb's
#: "past" (الموالي, its "next", is left out: النائب العام الموالي للرئيس is "loyal to").
_TIME_ADJECTIVES = frozenset(norm(w) + ending for w in (
    "الماضي", "المقبل", "القادم", "الحالي", "الجاري", "المنصرم", "السابق", "الفارط", "المنقضي",
) for ending in ("", "ة"))
_COMPLEMENTISER_AN = norm("أن")
#: Speech-event nouns that name a setting rather than a saying: حسب سياق الحديث is "depending on", not "according to".
_SETTINGS = frozenset(norm(w) for w in ("سياق", "معرض", "ختام", "مناسبة"))
#: Nouns of a procedure or a rule after وفقا لـ، حسب، بحسب (وفقا لآلية العمل المتبعة، حسب الضوابط، وفقا للمعايير
#: الدولية): "in accordance with", the manner of a deed, not whose words these are.
_PROCEDURES = frozenset(norm(w) for w in (
    "آلية", "آليات", "ضوابط", "معايير", "إجراءات", "تعليمات", "شروط", "قواعد", "أنظمة", "خطة",
))
#: A conjunction typed apart from its verb (و قد أعلن، و أكد): never a speaker on its own.
_BARE_CONJUNCTIONS = frozenset(("و", "ف"))
#: ل before a quantifier: whom a speaker addresses (قال لكل اللاعبين، لجميع المواطنين).
_ADDRESSEE_QUANTIFIERS = frozenset(norm(w) for w in ("لكل", "لجميع", "لبعض", "لكافة"))
#: ل with a pronoun (قال لهم، يقول لكم): whom the speaker addresses, never the speaker.
_ADDRESSEE_PRONOUNS = frozenset(norm(w) for w in ("له", "لها", "لهم", "لهما", "لهن", "لكم", "لكما", "لك", "لنا", "لي"))
#: Tokens an addressee phrase may run over before the comma that closes it (لمراسلة الجوهرة أف أم،).
_MAX_ADDRESSEE = 6
#: Tokens a parenthesised abbreviation or alternative name may hold: (وات)، (أ.ف.ب)، (د ب أ)، يوليو (تموز).
_MAX_BRACKETED_NAME = 6
#: Words a clause may open with before a closing attribution set off as an aside (وترمي المذكرة، وفق بلاغ …، إلى …).
_MAX_ASIDE_HEAD = 3
#: Words of a place phrase that may close a sentence after a closing attribution's speaker (في الجهة، بولاية قفصة).
_MAX_PLACE = 3
#: Words a name in apposition or an addressee may hold between a comma and the verb's preposition
#: (دعت رئيسة الحزب، عبير موسي إلى …).
_MAX_APPOSITION = 4
#: How far whom a speaker told may run, after the name, before the complementiser or colon (لشبكة "سي ان ان"
#: التلفزيونية الأميركية:).
_MAX_TOLD_BEFORE_SAYING = 9
#: Words an adverbial of where something was said may hold (في بيان أصدره مساء أمس الثلاثاء).
_MAX_SAYING_ADVERBIAL = 9
#: Words an aside opened by a participle may hold before its closing comma (، معلقا على خبر نيته الاستقالة قريبا،).
_MAX_PARTICIPLE_ASIDE = 10
#: Words a relative clause on the speaker may hold between commas before the verb's preposition.
_MAX_RELATIVE_ASIDE = 14
#: Words of a title in apposition, between commas, after a name and before its verb (فلان، نائب أمين عام …، قال).
_MAX_APPOSITION_ASIDE = 20
#: Words in بـ that are prepositions or pronouns of their own, never "بـ + object".
_BI_WORDS = frozenset(
    norm(w)
    for w in (
        "بعد", "بين", "بسبب", "بدون", "بشأن", "بخصوص", "بينما", "بحيث", "بما", "بهذا", "بهذه", "بذلك", "بها", "بهم",
        "بهما", "بكل", "بنفسه", "بنفسها", "بشدة", "بقوة", "بشكل", "بصورة", "بالمناسبة", "بالتالي", "بعدها", "بدوره",
        "بدورها", "بدورهم", "بعض",
    )
)
#: Short asides that may stand between a verb and its prepositional object (دعا فيها إلى، عبروا خلاله عن).
_PP_ASIDES = frozenset(norm(w) for w in ("فيه", "فيها", "خلاله", "خلالها", "أيضا"))
#: لكن with the subject's pronoun (لكنه أشار = "but he pointed out"): the speaker is named elsewhere.
_BUT_WITH_PRONOUN = frozenset(
    norm(c + w + p) for c in ("", "و") for w in ("لكن", "لكنّ") for p in ("ه", "ها", "هم", "هما", "هن")
)
#: A preposition with a pronoun right after a verb (أعلنت عنه، أشار إليه): its object is something said before.
#: Nouns of a saying after في, before a verb's noun-phrase object (وأعلن الجيش في بيان مقتل جنديين): the speech-event
#: nouns that name an utterance, not those that also name a place or a setting (في موقع، في سياق، في ختام).
_SAYINGS = frozenset(norm(w) for w in (
    "بيان", "بيانه", "بيانها", "تصريح", "تصريحات", "تصريحه", "تصريحها", "حديث", "حديثه", "حديثها", "مؤتمر", "كلمة",
    "كلمته", "كلمتها", "لقاء", "مقابلة", "تغريدة", "تغريدات", "حوار", "رسالة", "خطاب", "مداخلة", "مداخلته", "تدوينة",
    "بلاغ", "بلاغه", "بلاغها",  # the Maghreb's word for a communiqué (في بلاغ لها)
    "ندوة", "ندوته", "ندوتها",  # the Maghreb's press conference (في ندوة صحفية عقدها اليوم), as مؤتمر
    "صفحته", "صفحتها", "حسابه", "حسابها",  # على فيسبوك، على تويتر: في صفحته الرسمية
    "اتصال", "اتصاله", "اتصالها",  # a call to the station or its correspondent (في اتصال هاتفي بالجوهرة أف أم)
))
_FI = norm("في")
_BI_AL = norm("بال")
_WORTH = frozenset(norm(w) for w in ("الجدير", "جدير", "والجدير"))
#: Verbal nouns that report only the clause their complementiser opens right after them (or after على / إلى):
#: بالتأكيد is also the adverb "certainly" (لكنه بالتأكيد يعبر …), إشارتها also "its signal" (إشارتها الخضراء).
_LINKED_MASDARS = frozenset(norm(w) for w in ("بالتأكيد", "بالإشارة", "إشارته", "إشارتها"))
_MASDAR_LINKS = frozenset(norm(w) for w in ("على", "إلى"))
_IN_OR_ON = frozenset((_FI, norm("على")))
#: Words of quantity before a partitive من inside a noun phrase (عدد من المعتصمين، الكثير من السياسيين).
_QUANTIFIERS = frozenset(norm(w) for w in ("عدد", "العديد", "الكثير", "كثير", "بعض", "مجموعة", "جملة", "جميع", "كل",
                                           "عشرات", "مئات", "آلاف", "آلاف", "أغلب", "معظم", "أحد", "إحدى"))
_NUMBER = norm("عدد")
#: Quantifiers that open adverbials as often as subjects (كل يوم، جملة من …).
_ANY_QUANTIFIERS = frozenset(norm(w) for w in ("كل", "جميع", "جملة", "مجموعة"))
#: Words that take ما inside a noun phrase (كل ما، أهم ما جاء في البيان).
_BEFORE_WHAT = frozenset(norm(w) for w in ("كل", "أهم", "أبرز", "أكثر", "أول", "آخر"))
#: ما يسمى، ما يعرف: "the so-called", part of a name.
_SO_CALLED = frozenset(norm(w) for w in ("يسمى", "يعرف", "تسمى", "تعرف", "سمي", "سميت", "عرف"))
#: ما and its glued forms before a verb with its pronoun: "what (someone) called …" (ما وصفه، مما اعتبرته، بما سماه).
_WHAT = frozenset(norm(w) for w in ("ما", "مما", "بما", "لما", "عما", "فيما"))
#: The preposition or word that introduces the words used: وصفه بـ"…"، بأنه "…".
#: Verbs that label something (وصف، اعتبر، عدّ): after ما, even a one-word quotation is the speaker's label.
_CHARACTERISING = frozenset(("وصف", "اعتبر", "عد"))
#: Words after which a quotation is a name: the clitics of لـ"…" and الـ"…", and heads of names.
_NAME_LEADS = frozenset(norm(w) for w in ("ل", "لـ", "ال", "الـ", "حركة", "حزب", "شركة", "جمعية", "منظمة", "مجموعة",
                                          "برنامج", "مشروع", "حملة", "كتاب", "فيلم", "مسلسل", "رواية"))
_CALLED_AS = frozenset(norm(w) for w in ("ب", "بـ", "ـ", "بأنه", "بأنها", "بأنهم", "بكونه", "بكونها"))
#: Words after which a complementiser is governed by them, not a new clause: prepositions of أن (على أن، من أن،
#: إلى أن، بعد أن) and verbs of their own.
_NOT_AN_OBJECT_END = frozenset(norm(w) for w in ("على", "من", "إلى", "الى", "عن", "بعد", "قبل", "حتى", "رغم", "غير", "إلا", "لا", "مع"))
_ORDINALS = frozenset(norm(w) for w in ("أول", "الأول", "اول", "الاول"))
#: Possessive pronouns on a medium's noun: لمراسلنا (our correspondent), لموفدها.
_MEDIUM_OWNERS = ("نا", "ها")
#: Words after a document's noun that keep it in the source (بلاغ صادر عن الوزارة، بيان إعلامي للرئاسة).
_DOCUMENT_QUALIFIERS = frozenset(norm(w) for w in (
    "صادر", "الصادر", "إعلامي", "صحفي", "رسمي", "مشترك", "أصدرته", "أصدرتها", "نشرته", "نشرتها", "نشره",
))
#: The media's people a speaker tells (لمراسل الإذاعة، لموفدتنا), as keys.
_CORRESPONDENTS = frozenset(norm(w) for w in ("مراسل", "مراسلة", "موفد", "موفدة", "مبعوث", "مبعوثة"))
#: A radio station's name ends with FM: الجوهرة أف أم، موزاييك FM.
_FM_WORDS = (frozenset(norm(w) for w in ("أف", "إف", "اف")), norm("أم"))
#: Media words that name an audience rather than an outlet: a quotation after them may be what was said.
_AUDIENCES = frozenset(norm(w) for w in ("الجمهور", "الحضور", "الصحافيين", "الصحفيين", "المراسلين", "وسائل"))
#: Prepositions that govern only a noun: a verb form after one is a noun of the same letters (في رده، على قوله).
#: Not من or ما (whoever said: من قال إن …), nor بعد / قبل (بعد أن قال is written with أن).
_PREPOSITIONS_BEFORE_NOUNS = frozenset(norm(w) for w in ("في", "على", "عن", "إلى", "الى", "خلال", "حول", "عبر", "لدى"))
#: في بيان له، في تصريح لها: whose saying it was, after the saying.
_OWNER_PRONOUNS = frozenset(norm(w) for w in ("له", "لها", "لهم", "لهما"))
_PRONOUN_OBJECTS = frozenset(
    norm(p + s) for p in ("عن", "إلي", "علي") for s in ("ه", "ها", "هم", "هما")
)
#: Nouns of saying that take the speaker as a possessive pronoun after حسب / وفق / على حد (وفق قوله، على حد
#: تعبيرها): "according to what he said", the speaker being someone the article already named.
_OWNED_SAYINGS = frozenset(norm(w) for w in (
    "قول", "تعبير", "تصريح", "تصريحات", "حديث", "كلام", "زعم", "تأكيد", "رأي", "تقدير",
))
#: The possessive pronouns of a saying's owner and the gender they give the speaker (None: a plural or dual).
_OWNER_SUFFIXES = (("هما", None), ("هم", None), ("هن", None), ("ها", "f"), ("ه", "m"))
_QAWL = norm("قول")
#: "Also", "then" before a sentence's verb: it goes on from the sentence before, whose speaker still speaks.
_ALSO_THEN = frozenset(norm(w) for w in ("كما", "وكما", "ثم", "كذلك"))
#: Where a programme was aired: على "الجوهرة أف أم"، عبر أمواج …
_ON_AIR = frozenset(norm(w) for w in ("على", "عبر"))
#: Where the outlet's correspondent works: لمراسل الإذاعة بالجهة.
_AT_THE_PLACE = frozenset(norm(w) for w in ("بالجهة", "بالولاية", "بالمنطقة", "بالمدينة"))
_MARGIN = norm("هامش")
#: Nouns used as prepositions (إثر ذلك، اثر الحادثة): never a sentence's subject.
_PREPOSITION_NOUNS = frozenset(norm(w) for w in ("إثر", "اثر", "أثناء", "اثناء", "إزاء", "عقب", "لدى"))
#: Informants named after حسب / وفق / طبقا with no ما: "according to the source / witnesses".
_INFORMANTS = frozenset(norm(w) for w in ("مصدر", "المصدر", "مصادر", "المصادر", "شهود", "الشهود", "شاهد", "مراقبون", "مراقبين"))
#: Words an object may hold before the preposition of its verb (دعا الأطراف المعنية إلى …).
_MAX_OBJECT_BEFORE_PREPOSITION = 4
#: Bare verb forms that are as often nouns (طالب "student", كشف "a list"): their object is read only
#: where the verb opens a clause.
_NOUN_HOMOGRAPHS = frozenset(norm(w) for w in ("طالب", "طالبا", "كشف", "كشفا"))
#: Verb forms that are as often an elative before its genitive (أبرز التحديات "the main challenges", أبرز ما …):
#: a verb only before its speaker, an aside or what is reported (see QuoteDocument._elative_at).
_ELATIVE_HOMOGRAPHS = frozenset(norm(w) for w in ("أبرز", "وأبرز", "فأبرز"))
#: How far a complementiser may stand after a verb with an object pronoun (ووصفه رئيس الوزراء الكندي جاستن ترودو بأنه).
_MAX_PRONOUN_OBJECT_GAP = 10
#: Words that govern a verbal noun, after which وصفه، اعتباره … is the noun "describing it", no verb: a modal
#: (يمكن وصفه بأنه، لا يمكن وصفها إلا بأنها) or a noun of occasion (في معرض وصفه لـ…، في سياق وصفه).
_BEFORE_VERBAL_NOUN = frozenset(norm(w) for w in (
    "يمكن", "ويمكن", "فيمكن", "يمكنني", "يمكننا", "يمكنك", "يمكنكم", "يمكنه", "يصعب", "ويصعب", "يستحيل", "ممكن",
    "الممكن", "الصعب", "المستحيل", "معرض", "سياق", "إطار", "صدد", "بصدد", "عند", "لدى", "بعد", "عقب", "إثر", "أثناء",
    "خلال", "طريقة", "مجرد", "بمجرد",
))
#: The verb of passing words on (نقلت الوكالة عن …), and how far its عن may stand after it.
_RELAY = "نقل"
#: Verbs whose forms are as often other words (يبلغ "reaches", وردت "came", وكتبهم "and their books", ويدعى "is named",
#: فرد "an individual", وعلقت "suspended"): inside a reported clause they take over only when what they would report
#: comes (a complementiser, a colon or a quotation), spelt as the lexicon's perfects.
_HOMOGRAPH_LEMMAS = frozenset(("أبلغ", "ادعى", "رد", "كتب", "علق", "أجاب", "غرد", "سأل"))
#: How far ahead such a verb's complementiser, colon or quotation may stand (وردت عليها إحداهن، واسمها نور قائلة: «…»).
_HOMOGRAPH_REACH = 10
_MAX_RELAY_REPORTER = 8
_THE_SAYING = frozenset(norm(w) for w in ("القول", "قوله", "قولها", "قولهم"))
#: The verb of going on (تابع قائلا، متابعة: …), whose feminine participle also heads a byline (سبق- متابعة: …).
_FOLLOW = "تابع"
#: Verbs of telling, whose object pronoun is whom they told (أخبرته أن، أبلغهم أن).
_TELLING = frozenset(("أخبر", "أبلغ"))
#: أبلغ "informs", whose imperfect (يبلغ، تبلغ) is spelt as that of بلغ "reaches" (an age, a sum, a size).
_INFORM = "أبلغ"
#: How far its complementiser may stand after يبلغ "informs" (ويبلغ وزير الخارجية الأمريكي نظيره الروسي أن).
_TOLD_REACH = 7
#: What من opens after the verb أبرز when it is no elative's "of those who": the side or means (أبرز من جهته أن، أبرز
#: من خلال …).
_SIDES_AFTER_MIN = frozenset(norm(w) for w in (
    "خلال", "جهته", "جهتها", "جهتهم", "جانبه", "جانبها", "جانبهم", "ناحيته", "ناحيتها", "جهة", "جانب", "ناحية",
))
#: Numbers after an elative (أبرز خمس كميات، أبرز ثلاثة أسباب).
_NUMBER_WORDS = frozenset(norm(w) for w in (
    "اثنين", "اثنتين", "ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة", "ست", "ستة", "سبع", "سبعة", "ثماني", "ثمانية",
    "تسع", "تسعة", "عشر", "عشرة",
))
#: Words after which an elative is a noun: من أبرز، أحد أبرز، إن أبرز، ولعل أبرز، هم أبرز.
_BEFORE_ELATIVE = frozenset(norm(w) for w in (
    "من", "ومن", "أحد", "وأحد", "إحدى", "وإحدى", "بين", "ضمن", "إن", "أن", "فإن", "لعل", "ولعل", "هو", "هي", "كان",
    "وهو", "وهي", "هم", "وهم", "هن",
    "كانت", "وكان", "وكانت", "يعد", "تعد", "يعتبر", "تعتبر",
))
#: Words that open a verb's object, not its subject's phrase (دعا الوزير جميع المواطنين إلى …، لفت الوزير انتباه …).
#: Nouns that only head what is said or asked, never who says it (وأكد ضرورة …، وشدد على أهمية …).
_OBJECT_NOUNS = frozenset(norm(w) for w in ("ضرورة", "أهمية", "وجوب", "انتباه", "الانتباه", "أنظار"))
#: Verbal nouns of existence and stance that, right after a verb of saying, open its object, never its subject (وأكد
#: وجود مشاريع قوانين …، وأكد استعداد الاتحاد …، ونفى عدم وجود …): the subject is dropped. None is a given name.
_BARE_OBJECT_NOUNS = frozenset(norm(w) for w in (
    "وجود", "عدم", "استعداد", "حرص", "التزام", "تمسك", "إمكانية", "امكانية", "استمرار", "رفض", "غياب",
))
#: Words that head a subject, never whom a verb asks, being nominative or partitive (وطالب عدد من …، وطالب آخرون …).
_SUBJECT_ONLY_HEADS = frozenset(norm(w) for w in ("البعض", "بعضهم", "آخرون", "عدد", "العديد", "كثيرون", "الكثيرون"))
_OBJECT_HEADS = frozenset(norm(w) for w in (
    "كل", "كافة", "جميع", "الجميع", "انتباه", "الانتباه", "النظر", "أنظار", "ضرورة", "أهمية", "وجوب",
))
#: Words after a comma that open an adverbial aside, not the speaker (قال للصحفيين، عقب لقائه …، إن).
_ASIDE_HEADS = frozenset(norm(w) for w in ("عقب", "إثر", "ردا", "تعليقا", "تعقيبا", "على", "في", "خلال", "بعد", "قبل"))
#: … and لدى (لدى افتتاحه): words that open an adverbial after where it was said, never an object.
_ASIDE_HEADS_OR_AT = _ASIDE_HEADS | {norm("لدى")}
#: Verbal nouns used as adverbs of why something was said (ردا على سؤال، تعليقا على الخبر).
_IN_RESPONSE = frozenset(norm(w) for w in ("ردا", "تعليقا", "تعقيبا"))
#: Heads of an adverbial of time or circumstance between commas (…، عقب لقائه …، نهاية الأسبوع الماضي، …).
_CIRCUMSTANCE_HEADS = _ASIDE_HEADS_OR_AT | frozenset(norm(w) for w in (
    "نهاية", "مطلع", "منتصف", "بداية", "أواخر", "أوائل", "ليلة", "عشية", "صبيحة", "قبيل", "بعيد", "طيلة", "طوال",
    "إبان", "أثناء", "حيال", "بمناسبة", "تزامنا", "وسط",
))
#: Conjunctions of time (بعدما قال، حين قال): the verb after one opens a clause of its own.
_TIME_CONJUNCTIONS = frozenset(norm(w) for w in ("بعدما", "حين", "حينما", "عندما", "لما", "كلما", "ريثما", "فيما", "بينما"))
#: Most words a subject between كان and its verb holds (وكانت حركة «الشباب» المتطرفة قد أعلنت، وكان الأمين العام
#: لحزب الله السيد حسن نصر الله دعا …).
_MAX_KANA_SUBJECT = 7
#: Past this many words, a stretch after كان must read as a noun phrase: no verb first, no predicate or "whether".
_MAX_SHORT_KANA_SUBJECT = 5
_WHETHER = frozenset(norm(w) for w in ("إذا", "اذا", "عما", "عمّا"))
_DEGREE_ADVERBS = frozenset(norm(w) for w in ("جدا", "للغاية", "كثيرا", "تماما"))
#: A pronoun opening an aside inside a noun phrase (المفوضية، وهي الذراع التنفيذية للاتحاد، …).
_ASIDE_PRONOUNS = frozenset(norm(w) for w in ("وهو", "وهي", "وهم", "وهما"))
# بعد أن، منذ أن: أن after these and before a perfect verb dates an event, it does not make it subjunctive.
_AN_OF_TIME = frozenset(norm(w) for w in ("بعد", "منذ", "عقب", "قبل", "وبعد", "ومنذ"))

#: Longest stretch between the cue's source and its complementiser, colon or quotation mark.
_MAX_GAP = 20
_MAX_SOURCE = 14
#: How far past a speaker's phrase as read its rest may run before the verb's own preposition (a field, a body, a
#: short relative clause: الباحث المتخصص في شؤون الحركة الحوثية، زايد جابر، من …).
_MAX_SPEAKER_TAIL = 12
#: The separate prepositions that open a reporting verb's object (دعا إلى، أعلن عن، شدد على، حذر من).
_SEPARATE_OBJECT_PREPOSITIONS = frozenset(norm(w) for w in ("إلى", "عن", "على", "من"))
#: Words that open a question, a topic or a clause of their own in the gap (تساءل ساخرون حول ما إذا …): what the
#: verb reports starts there, not at a preposition further on.
_GAP_STOPS = frozenset(norm(w) for w in (
    "ما", "إذا", "اذا", "هل", "كيف", "لماذا", "حول", "بشأن", "بخصوص", "لأن", "حيث", "بينما", "فيما", "كما", "ثم",
))
#: Words that govern one of those prepositions themselves, so that a preposition after them is theirs, not the
#: reporting verb's (زيارته إلى، بالإضافة إلى، المسؤول عن، نيابة عن، بناء على، الحديث عن).
_GOVERNING_WORDS = frozenset(norm(w) for w in (
    "بالإضافة", "إضافة", "بالاضافة", "اضافة", "زيارة", "زيارته", "زيارتها", "زيارتهم", "وصوله", "وصولها", "عودته",
    "عودتها", "رحلته", "رحلتها", "انتقاله", "الانتقال", "نيابة", "فضلا", "علاوة", "بناء", "استنادا", "نظرا", "بعيدا",
    "الحديث", "حديثه", "حديثها", "الإعلان", "إعلانه", "إعلانها", "الكشف", "كشفه", "الدعوة", "دعوته", "دعوتها",
    "الإشارة", "إشارته", "عبر", "ردا", "رده", "ردها", "تعليقه", "تعليقا", "حفاظا", "حرصا", "اطلاعه", "إشرافه",
    "المسؤول", "مسؤول", "المسؤولة", "مسؤولة", "المسؤولين", "مسؤولي", "المسؤولون", "مسؤولو", "مسؤولون", "سؤال",
    "سؤاله", "رسالة", "رسالته", "تصريح", "تصريحه", "تصريحات", "كلمة", "كلمته", "إشارة", "الانضمام", "انضمامه",
    "بالنسبة", "بالنظر", "عددا", "عدد", "مجموعة", "بعض", "كثير", "العديد", "عدة", "جملة", "أكثر", "أقل", "أي",
    "واحدا", "واحد", "واحدة", "كل", "جزء", "قليل", "الكثير", "المزيد", "مزيدا", "قادما", "قادمة", "القادم", "الوافد",
    "نقلا", "بعيدة", "قريبا", "قريبة", "المنتمي", "المنتمية", "التابع", "التابعة", "منتمين", "المنتمين", "بحثا",
    "العزاء", "التعازي", "تعازيه", "التهاني", "تهانيه", "برقية", "تحية", "تحياته", "الشكر", "شكره", "تحسبا", "خوفا",
    "التوصل", "الوصول", "توصله",
))
#: :data:`_DEMONSTRATIVES` and "those" (أولئك; اولئك folds to it).
_DEMONSTRATIVES_AND_THOSE = _DEMONSTRATIVES | frozenset(norm(w) for w in ("أولئك", "أولائك"))
#: Words of a name after a speaker's title (المخرج نجيب خلف الله) that an object reading must not take.
_MAX_NAME_AFTER_TITLE = 4
#: Possessive pronouns that mark a noun (نيتها، قرارهم), not a name (الشاهد، خلف الله: names take the article too).
_PLAIN_POSSESSIVES = ("ها", "هم", "هما")
#: Titles abbreviated to a letter and a dot before a name (د. for doctor, م. for engineer, أ. for professor).
_TITLE_ABBREVIATIONS = frozenset(("د", "م", "أ"))
#: Longest reported clause read, in tokens: the gold's longest content holds 72.
_MAX_CLAUSE = 400
#: Tokens from which :meth:`QuoteDocument._positions` indexes every key at once (a news article has about 700).
_INDEXED_TOKENS = 20_000
_MAX_SUBJECT_BEFORE = 9
#: The titles a title pronoun stands for (سموه: صاحب السمو، سمو الأمير; معاليه: معالي الوزير).
_HONOURED_TITLES = {
    norm(pronoun): frozenset(norm(w) for w in titles)
    for pronoun, titles in (
        ("سموه", ("سمو", "السمو")), ("سموها", ("سمو", "السمو")), ("معاليه", ("معالي",)), ("معاليها", ("معالي",)),
        ("فضيلته", ("فضيلة",)), ("سعادته", ("سعادة",)), ("سماحته", ("سماحة",)), ("فخامته", ("فخامة",)),
        ("جلالته", ("جلالة",)),
    )
}
_SAHIB = frozenset(norm(w) for w in ("صاحب", "وصاحب", "لصاحب"))
#: How far before قوله the speaker a verb of passing on quotes may open (نقلت الوكالة عن فلان، مدير …، قوله).
_MAX_RELAYED_SPEAKER = 24
#: Verbal nouns of passing on before عن (نقلا عن).
_RELAYING_NOUNS = frozenset(norm(w) for w in ("نقلا", "ونقلا"))  # (نقلاً folds to نقلا)
_MAX_PARTICIPLE_GAP = 8
#: Longest stretch a comma-delimited aside (…، ردا على سؤال عن …، أن) may put between a verb and its complementiser.
_MAX_ASIDE_GAP = 40
#: How far a byline or dateline (محمد علي- سبق- الرياض: …) may run before its colon.
_MAX_DATELINE = 10
#: A quoted stretch this short (in tokens) is a name or a scare quote, not a direct quote.
_MIN_DIRECT_TOKENS = 3
#: The most words a quoted name inside a subject holds (شركة "نوكيا"، "بي بي سي"، "حركة نداء تونس").
_MAX_QUOTED_NAME = 4
#: Words opening a phrase that names whose words a clause were (وفق تعبيره، على حد قوله، حسب نص البيان).
_ACCORDING = frozenset(norm(w) for w in ("وفق", "حسب", "بحسب", "وفقا", "على", "وحسب", "ووفق"))
#: Words that are no cue but may end a reported clause or change where it ends (:meth:`QuoteDocument._clause_end`):
#: "but", "although" (رغم، على الرغم), "according to", a stance participle.
_CLAUSE_TURNS = _CONTRAST_HEADS | _CONCESSIVES | _ACCORDING | _STANCE_PARTICIPLES
_HADD = norm("حد")
_NASS = norm("نص")
#: The documents such a phrase names, with or without نص before them.
_DOCUMENT_WORDS = frozenset(norm(w) for w in (
    "نص", "البيان", "البلاغ", "المصدر", "الدراسة", "التقرير", "الرسالة", "الوثيقة", "المراسلة", "الصحيفة", "الوكالة",
))
#: Definite words in -ين that are no oblique plural, or one standing in a name (جماعة الإخوان المسلمين).
_NOT_OBLIQUE_PLURALS = frozenset(norm(w) for w in (
    "الأمين", "اليمين", "الحسين", "البحرين", "الجنين", "الحنين", "القوانين", "الملايين", "الميادين", "الشياطين",
    "السلاطين", "العناوين", "الدواوين", "الموازين", "البساتين", "الثلاثين", "الأربعين", "الخمسين", "الستين", "السبعين",
    "الثمانين", "التسعين", "العشرين", "المسلمين", "التكوين", "التأمين", "التدوين", "التعيين", "التلقين", "التمكين",
    "التحسين", "التوطين", "التخزين", "التموين", "التدجين", "التقنين", "التلوين", "التزيين", "التبيين",
))
#: Given names written with the article, common in the Maghreb (المنصف، الطاهر): a name in apposition may open so.
_ARTICLE_GIVEN_NAMES = frozenset(norm(w) for w in (
    "المنصف", "الطاهر", "الحبيب", "الهادي", "المولدي", "الصادق", "العربي", "الناصر", "المنجي", "المختار", "الأزهر",
    "البشير", "الطيب", "الشاذلي", "المهدي", "الفاضل", "العياشي", "الحسين", "الحسن", "الباجي", "الصحبي", "الهاشمي",
    "الجيلاني", "التهامي", "المكي", "الأمين", "العيد", "المبروك", "البحري", "الرشيد", "الزين", "المعز",
))
#: رأى "considered", like the verbs that characterise (يرى فلان في الاعتداء «انتقالا إلى …»): its quoted words
#: after a noun are the speaker's label, what was said.
_RAA = "رأى"
_DA_A = "دعا"
#: "Claimed" (ادعى), whose present يدّعي differs from the passive of دعا, يُدعى "is named", only by its last letter.
_CLAIM = "ادعى"
#: عبّر عن "expressed" (as أعرب عن), spelt as the lexicon's perfect. Unvowelled, عبر is far more often the preposition
#: "via, across" (عبر الإنترنت، تحدث عبر الهاتف عن …): see :meth:`QuoteDocument._expressed_at`.
_EXPRESS = "عبّر"
#: How many words the subject of عبّر may have before its عن (وعبر رئيس الهيئة الوطنية للمحامين فلان عن …).
_MAX_EXPRESSER = 9
#: عن طريق "by way of", عن قرب، عن بعد: عن opening an adverbial, not the object of عبّر; عن نفسه: "expressed
#: itself", showed (وعبر هذا التحالف عن نفسه), nobody's words.
_AN_ADVERBS = frozenset(norm(w) for w in ("طريق", "قرب", "بعد", "كثب", "نفسه", "نفسها", "نفسهم", "ذاته", "ذاتها"))
#: Words that make عن part of a phrase of their own (فضلا عن "besides", عوضا عن، بدلا عن "instead of", بغض النظر عن).
_AN_LINKERS = frozenset(norm(w) for w in ("فضلا", "عوضا", "بدلا", "بعيدا", "نيابة", "ناهيك", "النظر", "بمعزل", "رغما"))
#: How far into the object of عبّر its clause or quotation may open (عن أمله الكبير في أن …).
_MAX_FEELING_WORDS = 6
#: Verbs whose object is as often a deed as words (أصر على تحقيقه "insisted on achieving it", هدد بحرق نفسه "threatened
#: to set himself on fire"): they report only a complementiser right after their subject or their preposition (أصر على
#: أن …، هدد بأن …), never one further on, which belongs to another clause. Spelt as the lexicon's perfects.
_AT_ONCE_LEMMAS = frozenset(("أصرّ", "هدّد"))
#: أقرّ is "admitted" only with a clause of its own close after it (أقر الوزير بأن …، أقرت المنظمة، في بيانها، أنها …);
#: with a noun-phrase object it is "approved, passed" (أقر البرلمان قانونا …، أقر المجلس الخطة، أقر مجلس الدفاع
#: «استيعاب …»), a decision that reports no speech, and a complementiser further on belongs to another clause.
_ADMIT = "أقر"
#: After أقر these open a decision's subjunctive (أقر المجلس أن تقوم البلدية …، أقر بأن يكون لكل شاطئ حرم), not an
#: admission; as written after أن / بأن.
_DECIDED_VERBS = frozenset(("يكون", "تكون", "يتم", "تتم", "يقوم", "تقوم", "يبدأ", "تبدأ", "يصبح", "تصبح"))
#: فإن after أقر's clause opens the writer's main clause (وفي حال أقر الاتحاد الخطة، فإن …), not what was admitted.
_THEN_AN = norm("فإن")
#: بـ words after أقر that are no object of "admitted" but how, when or under what a decision was passed.
_NOT_ADMITTED_BI = frozenset(norm(w) for w in (
    "بالإجماع", "بالاجماع", "بالأغلبية", "بالاغلبية", "بأغلبية", "باغلبية", "بإجماع", "باجماع", "بشأن", "بخصوص", "بموجب",
    "بمقتضى", "بحضور", "بمناسبة", "بصفة", "بصورة", "بشكل", "بنسبة", "بقيمة", "بداية", "بحسب", "بعد", "بعدما", "بين",
    "بينما", "بدوره", "بدورها", "بدوره،", "بالمناسبة", "بمجلس", "بمدينة", "بولاية", "بتاريخ", "بعنوان", "بإحداث", "باحداث",
))
#: How far after a checked verb its complementiser may stand (وشرح الباحث في التراث لـ"جوهرة أف أم" أن …).
_MAX_CHECKED_GAP = 12
#: Whom the feeling was told to, between عبّر and its عن (عبر لنا عن تخوفه).
_TOLD_PRONOUNS = frozenset(norm(w) for w in ("لنا", "له", "لها", "لهم", "لي"))
#: "What" before a verb that then says what caused something (مما دعا الحكومة إلى …), not what anyone said.
_CAUSING_WHAT = frozenset(norm(w) for w in ("ما", "وما", "مما", "بما"))
#: Verbs of showing whose present after "what" has that fact for its subject (…، مما يؤكد أن …، وهو ما يشير إلى …،
#: ليس هناك ما يفيد بأن …، ومما يذكر أن …): the writer's inference or formula, nobody's words. Spelt as the lexicon's
#: perfects.
_SHOWING_LEMMAS = frozenset(("أكد", "أشار", "أوضح", "بين", "أفاد", "كشف", "أظهر", "أبان", "أبرز", "لفت", "رجح", "ذكر"))
#: Events, deeds, outcomes, things seen and matters: with a demonstrative, the subject of a verb of showing is what
#: the event shows (هذه الحادثة تؤكد أن …، ويؤكد هذا الفيديو أن …، كشفت تلك العملية عن …), nobody's words. Not
#: studies, reports, data, figures, results, statements, sources, sites, documents (agreements, decisions, laws) or
#: books and films, whose contents are quoted (وتشير هذه الأرقام إلى أن …), nor bodies (الحركة: also a movement).
_SHOWING_EVENTS = frozenset(norm(w) for w in (
    "الحادثة", "الحادث", "الحوادث", "الواقعة", "الوقائع", "الأحداث", "التطورات", "الجريمة", "الجرائم", "الهجوم",
    "الهجمات", "الاعتداء", "الاعتداءات", "التفجير", "التفجيرات", "العملية", "العمليات", "الأزمة", "الحرب", "المعركة",
    "الخطوة", "الخطوات", "الإجراء", "الإجراءات", "المبادرة", "المبادرات", "الحملة", "الحملات", "التحرك",
    "التحركات", "الممارسات", "التصرفات", "التصرف", "الزيارة", "الإنجازات", "الإنجاز", "الفوز", "النجاح",
    "الانتصار", "الهزيمة", "الخسارة", "التأهل", "الفيديو", "المقطع", "الصور", "الصورة", "المشاهد", "المشهد",
    "اللقطات", "الأمر", "القضية", "القصة", "القول", "الظاهرة", "الحالة", "الوضع", "التجربة",
))
#: Words before ما that make it "according to what" (على ما يوضح العلماء، حسب ما يفيد …): a report goes on.
_ACCORDING_BEFORE_WHAT = frozenset(norm(w) for w in ("على", "حسب", "بحسب", "وحسب", "وبحسب", "وفق", "وفقا", "طبق", "طبقا"))
#: A preposition with the pronoun of ما after such a verb: ما يؤكد عليه الخبراء، ما يشير إليه التقرير (what they stress).
_WHAT_PRONOUN_PREPOSITIONS = frozenset(norm(w) for w in ("عليه", "إليه", "اليه", "به", "عنه", "فيه", "له"))
#: Pronouns a conjunction may open (فهي، وهو).
_ASIDE_PRONOUNS_BARE = frozenset(norm(w) for w in ("هو", "هي", "هم", "هما", "هن"))
#: Stance nouns that, with the article, name a group that speaks (المعارضة: the opposition).
_STANCE_GROUPS = frozenset(norm(w) for w in ("المعارضة",))
#: Words opening whom a verb of asking addresses: any or every one of a group.
_ANY_OR_ALL = frozenset(norm(w) for w in ("أي", "كل", "كافة", "جميع"))
#: Broken plurals in ة (الأساتذة، الطلبة) and nouns in ة for anyone (الضحية): a masculine verb's subject all the same.
_PLURALS_IN_TA = frozenset(norm(w) for w in (
    "الأساتذة", "الطلبة", "القضاة", "القادة", "الولاة", "الدعاة", "الرعاة", "الغزاة", "الرماة", "الساسة", "الكفرة", "السحرة",
    "العملة", "الحماة", "البغاة", "الجناة", "الهواة", "المشاة", "الأئمة", "الأطباء", "الضحية", "الشخصية", "البقية",
))
#: Definite nouns in ة that name men (العلامة الشيخ، الداعية): a masculine verb's subject all the same.
_MASCULINE_IN_TA = frozenset(norm(w) for w in ("العلامة", "الداعية", "الخليفة", "الرحالة", "النابغة"))
#: Plurals of things and bodies that take a feminine verb as subject (دعت الدول …، طالبت الأطراف …): after a
#: masculine verb (دعا الدول الأعضاء إلى …، ناشد أطراف النزاع أن …) they are whom it asks, its subject dropped.
_FEMININE_AGREEING_PLURALS = frozenset(norm(w) for w in (
    "الدول", "دول", "الأطراف", "أطراف", "البلدان", "بلدان", "الأحزاب", "أحزاب",
))
#: Surnames and names in -ات that are no plurals (السادات، الزيات، الفرات).
_NAMES_IN_AT = frozenset(norm(w) for w in ("السادات", "الزيات", "الفرات", "البيات", "الذات", "العمليات"))
#: Verbs that issue or deliver a statement (أصدرت النقابة بيانا، ألقى الوزير كلمة، نشر الحزب تدوينة).
_ISSUING_VERBS = frozenset(norm(w) for w in (
    "أصدر", "أصدرت", "نشر", "نشرت", "ألقى", "ألقت", "وجه", "وجهت", "بعث", "بعثت", "أرسل", "أرسلت", "قدم", "قدمت",
    "يصدر", "تصدر", "ينشر", "تنشر", "يلقي", "تلقي", "يوجه", "توجه", "يبعث", "تبعث", "يرسل", "ترسل", "يقدم", "تقدم",
))
#: "In it", after a verb whose statement was just named (بيانا أكدت فيه).
_IN_IT = frozenset(norm(w) for w in ("فيه", "فيها"))
_MARRA = norm("مرة")
_I_TABARA = "اعتبر"  # spelt as the lexicon's perfect, which CueForm.lemma keeps
#: The second of a pair of adverbs (مرارا وتكرارا، صراحة وعلنا).
_COORDINATED_ADVERBS = frozenset(norm(w) for w in ("وتكرارا", "وعلنا", "وصراحة", "ومجددا"))
#: Reports and posts a statement noun may also be (تقريرا انتقد فيه …، تدوينة قال فيها …).
_REPORT_NOUNS = frozenset(norm(w) for w in ("تقرير", "تدوينة", "تغريدة", "منشور", "نداء", "مراسلة"))
_BETWEEN = norm("بين")
#: "Between" with its pronoun (بينها وبين الهيئة، بيننا وبين الجانب التونسي): the first of a pair, so the وبين after it is
#: its second "between", not بيّن "he explained".
_BETWEEN_PRONOUN = frozenset(norm("بين" + p) for p in ("ه", "ها", "هما", "هم", "هن", "نا", "كم", "كما", "ي"))
_AND_BETWEEN = norm("وبين")
#: The veil of كشف النقاب عن، أزاح الستار عن ("unveiled"): part of the verb, neither its subject's nor its object's.
_VEILS = frozenset(norm(w) for w in ("النقاب", "الستار", "اللثام", "الغطاء"))
#: زعم "claimed", spelt as the lexicon's perfect: its present يزعم is also the passive يُزعم "it is alleged".
_ALLEGE = "زعم"
#: أنهم / أنها after a passive يُزعم: the pronoun of the noun before it (شخصا يزعم أنهم، الخطة يزعم أنها).
_THEY_AN = frozenset(norm(w) for w in ("أنهم", "انهم", "أنّهم", "أنهما", "انهما"))
_SHE_AN = frozenset(norm(w) for w in ("أنها", "انها", "أنّها"))
#: أظهر "showed", spelt as the lexicon's perfect: its present يظهر is also يَظهر "appears".
_SHOW = "أظهر"
#: Prepositions right after يظهر / تظهر that make it "appears" (يظهر فيه، تظهر عليه أعراض، يظهر لنا أن).
_APPEARS_PREPOSITIONS = frozenset(norm(w) for w in (
    "في", "فيه", "فيها", "فيهم", "فيهما", "على", "عليه", "عليها", "عليهم", "عليهما", "تحت", "من", "منه", "منها", "لنا",
    "لي", "له", "لها", "لهم", "مع", "عند", "أمام", "خلال", "بين",
))
#: Marks closing a phrase that may be a fronted subject's (البيانات المالية التي صدرت في أيار (مايو) تظهر أن …).
_CLOSING_MARKS = frozenset(")]»\"”’'")
#: Words opening the clause of an impersonal يظهر أن ("it appears that"): كما يظهر أن، ولكن يظهر أن.
_APPEARS_OPENERS = frozenset(norm(w) for w in (
    "كما", "وكما", "لكن", "ولكن", "قد", "وقد", "فقد", "ربما", "حيث", "إذ", "اذ", "بل", "ثم",
))
#: A line this short without final punctuation is a headline, a dateline or a caption.
_HEADLINE_TOKENS = 15


#: Bodies of people that take a plural verb (دعا مجلس المطارنة …، محذرين؛ وناقش الاجتماع …، مؤكدين؛ ويرفض جزء من الحركة
#: …، مشيرين), and broken plurals of people (خصوم عون، حراس المسجد): heading a plural cue's subject.
_COLLECTIVE_HEADS = frozenset(norm(w) for w in (
    "مجلس", "المجلس", "الاجتماع", "اجتماع", "الجمهور", "جمهور", "جزء", "خصوم", "حراس", "غالبية", "أغلبية", "الأغلبية",
))
#: Before a perfect in ت, words that make it "she" (وهي رفضت وقالت), first-person
#: words, and words ending like a first-person pronoun that are none (هنا، أحيانا); after :data:`_AS_OPENERS` it is
#: the speaker's own "I" (كما أعلنتُ).
_SHE = frozenset(norm(w) for w in ("هي", "وهي", "فهي", "أنها", "انها", "إنها", "لأنها", "لكنها"))
_FIRST_PERSON_WORDS = frozenset(norm(w) for w in ("أنا", "وأنا", "قلت", "وقلت", "كنت", "وكنت", "لدي", "لي", "نحن", "ونحن"))
_NOT_FIRST_PERSON = frozenset(norm(w) for w in ("هنا", "أحيانا", "احيانا", "حينا", "أحيانًا", "ثانيا", "ثمانية"))
#: Endings of a word naming people, plural or in construct (مديري، ممثلو، المحتجون، العضوان، النقابات).
_PEOPLE_ENDINGS = ("ي", "و", "ون", "ين", "ان", "ات")
#: "One of" before a partitive (أحد المحتجين): one person, though a quantifier.
_ONE_OF = frozenset(norm(w) for w in ("أحد", "إحدى"))
#: Broken plurals naming people (نواب الشعب، شهود عيان، مصادر مطلعة): a plural cue's subject.
_BROKEN_PLURALS_OF_PEOPLE = frozenset(norm(w) for w in (
    "نواب", "شهود", "أسر", "مصادر", "جماهير", "أنصار", "قادة", "عمال", "سكان", "أهالي", "شباب", "طلاب", "أعوان",
    "ضباط", "أفراد", "رجال", "نساء", "أطفال", "عناصر", "أولياء", "ممثلو", "ممثلي", "أعضاء", "قضاة", "أساتذة", "طلبة",
    "متساكنو", "جنود", "عائلات", "ركاب", "تلاميذ", "تجار", "فلاحون", "صحفيون", "خبراء", "علماء", "نشطاء", "ناس",
    "فريق", "وفد", "رواد", "طاقم", "حضور", "زوار", "سياح", "أئمة", "شيوخ", "يهود", "عشاق", "أولئك", "هؤلاء", "أقارب",
    "مرضى", "جرحى", "قتلى", "أسرى", "ضحايا", "ذوو", "ذوي", "رفاق", "إخوان", "جيران", "مشايخ", "أهل", "عرب", "أكراد",
    "أتراك", "أقباط", "شعوب", "قوم", "جماعة", "عائلة", "أسرة", "ضيوف", "أبطال", "نجوم", "لاعبو", "أصحاب", "ملاك",
    "مشاهير", "فنانو", "قراء", "كتاب", "شعراء", "محامو",
))


@dataclasses.dataclass(slots=True)
class _Candidate:
    """A quote in token indices, before its source is resolved."""

    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None
    gender: str | None
    kind: str  # verb, participle, masdar, nominal (clause before), nominal-lead (clause after), nominal-owned (وفق قوله)
    sentence: int


class QuoteDocument(QuoteText):
    """One article and the rules that find its quotes; built afresh for each text.

    >>> from khabar.extract.quotes.lexicon import load_lexicon
    >>> text = "وقال الوزير إن الاتفاق سيوقع غدا."
    >>> [q.source.text_in(text) for q in QuoteDocument(text, load_lexicon(), {}).quotes()]
    ['الوزير']
    """

    def __init__(self, text: str, lexicon: Lexicon, keys: dict[str, str]) -> None:
        """Read ``text``; ``keys`` caches token -> matching key across articles (it is filled in here)."""
        super().__init__(text, lexicon, keys)
        self.lexicon = lexicon
        self.open_of = {close: opener for opener, close in self.close_of.items()}
        self._key_positions: dict[str, list[int]] = {}
        #: Complementisers a main verb took past a relative clause on its speaker (:meth:`_object_before`).
        self._past_relative: list[tuple[int, int]] = []  # (the relative pronoun, the complementiser)
        self._spells_ala: bool | None = None  # whether the text spells the preposition على with ى (:meth:`_ali_name`)
        self._relayed_cues: set[int] = set()  # نقلت الوكالة عن X أن: cues whose source is whom the verb relays
        #: Formulas of a speaker who would not be named (طلب عدم الكشف عن هويته): first token -> the token after.
        self._withheld: dict[int, int] = {}
        #: Every token whose key one of the passes below or in :meth:`quotes` looks for, found in one pass over the
        #: tokens (each pass then reads these few, rather than every token again).
        self._scanned = self._tokens_in(lexicon.scanned_keys(_WHAT, _WITHHOLDING))
        # Two searches of the raw text spare most articles the withholding formulas' reading. Each costs more than
        # picking the words that may open a formula from the tokens found, so they are made only where one stands
        # (a quarter of the SaudiNewsNet articles).
        withholding = self._scanned_in(_WITHHOLDING)
        may_withhold = bool(withholding) and _IDENTITY_TEXT.search(self.letters_text) is not None and _DISCLOSING_TEXT.search(self.letters_text) is not None
        for k in withholding if may_withhold else ():
            if (end := self._withholding_end(k)) is not None:
                first = k - 1 if k > 0 and self.keys[k - 1] in _SPOKE else k
                first -= first > 0 and self.keys[first - 1] in _NEGATIONS  # لم يشأ الكشف عن اسمه
                self._withheld[first] = end
        self._withheld_tokens = frozenset(j for first, end in self._withheld.items() for j in range(first, end))
        for k in self._scanned_in(lexicon.checked_forms) if lexicon.checked_forms else ():
            # عبر، معبرا، أصر: a cue only where it reports a clause or a quotation (:meth:`_reports_checked`); elsewhere
            # (عبر "via", عبر عن ارتياحه "expressed his satisfaction", أصر على تحقيقه) it keeps its own key, which no
            # cue has.
            self.keys[k] += VERB_READING
            if not self._reports_checked(k):
                self.keys[k] = self.keys[k][:-1]

    def quotes(self, entities: Sequence[Entity] = ()) -> list[Quote]:
        """Every quote of the article, in order of its cue. ``entities`` (optional) widen sources to whole names."""
        headline = self._headline_lines()
        paragraph_of = self.paragraph_of
        consumed: set[int] = set()
        candidates: list[_Candidate] = []
        nominal, forms, keys = self.lexicon.nominal, self.lexicon.forms, self.keys
        starts = self._scanned_in(self.lexicon.cue_starts(_WHAT))
        for i in [i for i in starts if keys[i] in nominal]:
            if paragraph_of[i] in headline:
                continue
            for cue in nominal[self.keys[i]]:
                found = self._nominal(i, cue, consumed)
                if found is not None:
                    candidates.append(found)
                    break
        for i in [i for i in starts if keys[i] in forms]:
            if i in consumed or paragraph_of[i] in headline or (i > 0 and keys[i - 1] in _NAME_PARTICLES):
                continue  # (عبدالعزيز بن طالب، أبو طالب: a name, not "demanded")
            if i in self._withheld_tokens:
                continue  # …، طالبا عدم كشف هويته، …، رافضا ذكر اسمه: who would not be named, not a saying
            if self._second_between(i):
                continue  # علاقة بين التدخين وبين الإصابة: "and between", not "and he explained"
            if forms[keys[i]].future:
                continue  # قال إن الهيئة ستعلن عن موعد الانتخابات: what will be said is not yet said
            found = self._verbal(i, forms[self.keys[i]])
            if found is not None:
                candidates.append(found)
        for i in [i for i in starts if keys[i] in _WHAT]:
            # Not after حسب or وفق (حسب ما ذكرته "…": the nominal cue's reading, its source in the marks).
            after_nominal = i > 0 and (self._nominal_at(i - 1) or i - 1 in consumed)
            if i + 1 < self.n and i + 1 not in consumed and not after_nominal and paragraph_of[i] not in headline:
                found = self._what_was_called(i + 1)
                if found is not None:
                    candidates.append(found)
        candidates.extend(self._trailing_cues(candidates, headline))
        candidates = [self._unveiled(c) for c in candidates]
        if self._past_relative:
            candidates = [self._object_before(c) for c in candidates]
        candidates = _dedupe(candidates)
        candidates = [self._coordinated_asking(c, candidates) for c in candidates]
        continued = self._continued_reports(candidates, headline)
        quotes = self._resolve(candidates, entities)
        if continued:
            by_cue = {(q.cue.start, q.cue.end): q for q in quotes if q.cue is not None}
            for c, (start, end) in continued:
                cue = self.span(*c.cue)
                if (q := by_cue.get((cue.start, cue.end))) is not None:
                    quotes.append(Quote(self.span(start, end), q.source, q.cue, self._quote_type(start, end)))
            quotes.sort(key=lambda q: (q.cue.start if q.cue is not None else q.content.start, q.content.start))
        return quotes

    def _continued_reports(
        self, candidates: list[_Candidate], headline: set[int]
    ) -> list[tuple[_Candidate, tuple[int, int]]]:
        """Sentences that open with وأن / وإن (وأنه، وبأن …) and go on with what the sentence before reported to
        its end (وأكد الوزير أن الوضع مستقر. وأن الحكومة ستواصل دعم …): a second clause the same speaker reported,
        its own content after its own complementiser, attributed to the cue and speaker before. Not وإن كان ("if"),
        وأن يكون ("to be"): a bare complementiser counts only before a definite noun or a quotation mark; not inside
        quotation marks (a direct quote goes on), nor after a clause that no cue reports (يذكر أن …: the writer's)."""
        keys, raw, lex = self.keys, self.raw, self.lexicon
        out: list[tuple[_Candidate, tuple[int, int]]] = []
        reaching: dict[int, _Candidate] = {}  # sentence -> the quote whose content runs to its end
        for c in candidates:
            if c.kind.startswith("nominal") or c.cue[0] > c.content[0]:
                continue  # (…، حسب المصدر. وأن …: who closes a clause is not who reports the next one)
            sid = self.sentence_of[c.content[0]]
            last = self.sentence_end[sid]
            while last > c.content[0] and self.punct[last - 1]:
                last -= 1  # (…إن «…». وإن «…»: a closing mark too)
            if c.content[1] >= last and self.sentence_of[c.cue[0]] == sid:
                if sid not in reaching or reaching[sid].cue[0] < c.cue[0]:
                    reaching[sid] = c
        if not reaching:
            return out
        covered = bytearray(self.n)
        for c in candidates:
            covered[c.content[0]:c.content[1]] = b"\x01" * (c.content[1] - c.content[0])
        for sid in range(1, len(self.sentence_start)):
            base = reaching.get(sid - 1)
            if base is None:
                continue
            k = self.sentence_start[sid]
            if k + 2 >= self.sentence_end[sid] or self.paragraph_of[k] in headline or self.quoted_at_token(k):
                continue
            key = keys[k]
            if not (key.startswith("و") and key[1:] in lex.complementisers and not key[1:].startswith("ف")):
                continue
            bare = key[1:] in ("ان", "بان")
            if bare and not (keys[k + 1].startswith("ال") or raw[k + 1] in lex.openers) and (
                raw[k + 1].startswith(_IMPERFECT_PREFIXES) or keys[k + 1] in _CONDITIONAL_VERBS or self.punct[k + 1]
                or keys[k + 1].endswith(_PERFECT_ENDINGS)
            ):
                continue  # وإن كان …، وإن شئنا …، وأن يكون …: "if", "to" (a noun in أ or ت is not told from a verb)
            if covered[k + 1]:
                continue
            start, end = k + 1, self._clause_end(k + 1)
            if raw[start] in _COMMAS:
                start += 1  # وأنه، رغم الصعوبات، …: past the comma of an aside
            if start < end and raw[start] in lex.openers:
                start += 1  # وإن «…».، وإن «عشرات» من …: the words inside the marks, as a quoted report's
            if end <= start:
                continue
            out.append((base, (start, end)))
            reaching[sid] = base  # (وأنه … . وأن …: the report goes on)
        return out

    def _coordinated_asking(self, c: _Candidate, candidates: list[_Candidate]) -> _Candidate:
        """``c`` with whom it asks moved out of its source when its verb of asking, joined by و, goes on right after
        what a named speaker said in the same sentence (وأكد معلول أن الكوكي …، وطالب جماهير الهلال بالصبر عليه;
        وأعلن التنظيم مسؤوليته عن الهجوم ووصف عامري بأنه …): the speaker goes on, its subject dropped, and the noun
        phrase right before the verb's preposition is whom it asks. Not a titled name (وحذر الرئيس ريفلين من أن …),
        nor one the speaker before is named by (وطالب الحجيري بـ…)."""
        if c.kind != "verb" or c.source is None or c.source[0] != c.cue[1] or c.source[1] > c.content[0]:
            return c
        i = c.cue[0]
        form = self.lexicon.forms.get(self.keys[i])
        if form is None or form.lemma not in _PERSON_OBJECT_LEMMAS or not self.raw[i].startswith("و"):
            return c
        if self.keys[i][1:] not in self.lexicon.forms:
            return c  # (a verb whose own letters open with و)
        gap = c.content[0] - c.source[1]
        preps = self.lexicon.object_prepositions.get(form.lemma) or frozenset()
        if gap > 1 or (gap == 1 and not (
            self.keys[c.source[1]] in preps or self.keys[c.source[1]] in _BI_ANNA or self._is_complementiser(c.source[1])
        )) or (gap == 0 and not self._glued_object(c.content[0], preps)):
            return c  # whom it asks is right before the preposition, بأن or the complementiser
        if self._title_word(c.source[0]) or any(self.punct[m] for m in range(*c.source)):
            return c
        before = [
            a for a in candidates
            if a is not c and a.sentence == c.sentence and a.source is not None and a.content[1] <= i
            and all(self.raw[m] in _COMMAS for m in range(a.content[1], i))
        ]
        if not before:
            return c
        named = {self.keys[m] for a in before for m in range(*a.source)}
        if any(self.keys[m] in named for m in range(*c.source)):
            return c
        bare_named = {_without_article(k) for k in named}
        if any(self.keys[m].startswith("ال") and _without_article(self.keys[m]) in bare_named for m in range(*c.source)):
            return c  # (اعتبرت حركة النهضة أن …، ودعت الحركة إلى …: the speaker named again, its subject)
        if self.keys[c.source[0]] in _SUBJECT_ONLY_HEADS:
            return c  # (وطالب عدد من المسؤولين بالإفراج عنه، وطالب آخرون بالمصالحة: nominative, a subject)
        for a in before:
            other = self.lexicon.forms.get(self.keys[a.cue[0]])
            if other is not None and other.lemma == form.lemma:
                return c  # (كما دعا فلان إلى تكريم …، ودعا فلان إلى تكريم …: one speaker after another)
            if a.gender is not None and c.gender is not None and a.gender != c.gender:
                return c  # (وأكدت إيران …، وطالب عدد من المسؤولين: the verb agrees with another subject)
        return dataclasses.replace(c, source=None, content=(c.source[0], c.content[1]))

    def _unveiled(self, c: _Candidate) -> _Candidate:
        """``c`` with the veil of كشف النقاب عن moved out of its source (كشفت الولايات المتحدة | النقاب عن …) or
        its content (كشفت الصين مؤخرا النقاب عن | قطار جديد)."""
        keys, (start, end) = self.keys, c.content
        if end - start > 2 and keys[start] in _VEILS and keys[start + 1] == _AN_FROM and not self.punct[start + 2]:
            return dataclasses.replace(c, content=(start + 2, end))
        if c.source is not None and c.source[1] - c.source[0] > 1 and c.source[1] < self.n and start > c.source[1] and (
            keys[c.source[1] - 1] in _VEILS and keys[c.source[1]] == _AN_FROM
        ):
            return dataclasses.replace(c, source=self._trim(c.source[0], c.source[1] - 1))
        return c

    def _second_between(self, k: int) -> bool:
        """Whether وبين at ``k`` is the second "between" of a pair (بين حرية الرأي والتعبير، وبين التجاوزات), read as
        بيّن ("he explained") otherwise."""
        if self.keys[k] != _AND_BETWEEN:
            return False
        first = max(self.sentence_start[self.sentence_of[k]], k - _MAX_GAP)
        return any(self.keys[m] == _BETWEEN or self.keys[m] in _BETWEEN_PRONOUN for m in range(first, k))

    def _withholding_end(self, k: int) -> int | None:
        """The token after the formula at ``k`` of a speaker who would not be named (طلب عدم الكشف عن هويته، مفضلا
        عدم ذكر اسمه، رفض نشر اسمه، لم يشأ كشف هويته، لم يرغب في الكشف عن اسمه، بشرط عدم …), else None."""
        keys, n = self.keys, self.n
        j = k + 1
        if j < n and keys[j] == _FI:
            j += 1  # لم يرغب في الكشف عن هويته
        if j < n and keys[j] == _NOT:
            j += 1
        if not (j < n and keys[j] in _DISCLOSING):
            return None
        j += 1
        if j < n and keys[j] == _AN_FROM:
            j += 1
        return j + 1 if j < n and not self.punct[j] and keys[j].startswith(_IDENTITY_STEMS) else None

    def _tokens_in(self, words: Container[str]) -> list[int]:
        """Indices of the tokens whose matching key is in ``words``, found in C (this runs over every token)."""
        return list(itertools.compress(range(self.n), map(words.__contains__, self.keys)))

    def _scanned_in(self, words: Container[str]) -> list[int]:
        """:meth:`_tokens_in` for keys of :meth:`Lexicon.scanned_keys`, read off the tokens found in ``__init__``.

        The same list: a token the checked forms' pass gives another key was found there under its own key.
        """
        keys = self.keys
        return [k for k in self._scanned if keys[k] in words]

    # --- cues -----------------------------------------------------------------------------

    def _headline_lines(self) -> set[int]:
        """Paragraphs that look like headlines or captions: short, no closing punctuation."""
        if len(self.paragraph_tokens) < 2:
            return set()
        out = set()
        for p, (first, end) in self.paragraph_tokens.items():
            last = self.raw[end - 1]
            # A line ending in a colon (وقال الوزير:) introduces the next one, as a caption or headline never does.
            if end - first < _HEADLINE_TOKENS and last not in _TERMINAL and last not in "»\"”):":
                out.add(p)
        return out

    def _is_complementiser(self, k: int) -> bool:
        return self.keys[k] in self.lexicon.complementisers and not (k > 0 and self.keys[k - 1] in self.lexicon.blocked_after)

    def _breaks_phrase(self, k: int, *, commas: bool = True) -> bool:
        """Whether token ``k`` ends a phrase being read: punctuation (with ``commas=False``, any but a comma), a cue
        or a complementiser, each of which starts something else."""
        return bool(self.punct[k] and (commas or self.raw[k] not in _COMMAS)) or self._is_cue(k) or self._is_complementiser(k)

    def _is_cue(self, k: int) -> bool:
        key = self.keys[k]
        form = self.lexicon.forms.get(key)
        if form is not None:
            if form.future:
                return False  # ستعلن الوزارة عن النتائج، قال إنه سيطالب بـ…: nothing said yet
            if self._named_at(k, form):
                return False  # وقال أحد المحققين ويدعى فاليري …: "is named", within the speaker's phrase
            if self._withheld and k in self._withheld_tokens:
                return False  # طالبا عدم كشف هويته: a speaker's anonymity, not a saying
            if k + 2 < self.n and self.keys[k + 2] == _AGE and self.keys[k + 1] == _MIN:
                return False  # الذي يبلغ من العمر 70 سنة: reaches an age (بلغ), not informs (أبلغ)
            if form.kind == "verb" and self.raw[k][-1] in _TANWEEN:
                return False  # حذرٌ: a noun or an adjective, as its nunation says; no verb takes it
            if form.kind == "verb" and self._elative_at(k):
                return False  # وأبرز التحديات: the elative, "the main challenges"
            if form.pronoun_object and not self._pronoun_object_reports(k):
                return False  # ما وصفه بـ"…"، وصفة طبية: no clause reported
            if form.lemma == _RELAY and self._relayed_from(k) is None:
                return False  # ونقل المصاب إلى المستشفى: carried, not reported
            if form.purpose and self._purpose_opening(k) is None:
                return False  # …، لتؤكد حرصها على …: "to show", no saying
            if key in _LINKED_MASDARS and not self._linked_masdar(k):
                return False  # وبكل الأنواع بالتأكيد، …: the adverb "certainly"; إشارتها الخضراء: a signal
            return not (k > 0 and (
                self.keys[k - 1] in _NEGATING_NOUNS or self.keys[k - 1] in _NAME_PARTICLES
                or self._noun_after_preposition(k, form)
            ))
        # Most tokens start no cue at all: one lookup settles them without calling _nominal_at.
        return key in self.lexicon.nominal and self._nominal_at(k)

    def _named_at(self, k: int, form: CueForm) -> bool:
        """Whether ``k`` is يُدعى "is named" (spelt with its final ى, or with ي in a text that writes every final ى so),
        not يدّعي "claims": no complementiser follows."""
        return (
            form.lemma == _CLAIM and not form.perfect
            and (self.raw[k].endswith("ى") or (self.final_ya_written == "ي" and self.raw[k].endswith("ي")))
            and not (k + 1 < self.n and self._is_complementiser(k + 1))
        )

    def _purpose_opening(self, k: int) -> int | None:
        """For "to say" at ``k`` (ليؤكد، لتضيف: :attr:`CueForm.purpose`), where what it reports opens: its complementiser,
        colon or quotation mark, right after it or past whom it is said to and an adverb (ليؤكد أن …، لتوضح للقراء بأنه
        …، ليوضح بعدها أنه …); else None: with an object (لتؤكد حرصها على …، ليكشف عن وجهه) it is as often no saying
        (to show, to reveal)."""
        end = self.sentence_end[self.sentence_of[k]]
        j = k + 1
        if j < end and self._addressee_at(j):
            j = min(self._addressee_end(j, end), j + 3)
        while j < end and j - k <= 4 and (self.keys[j] in self.lexicon.adverbs or self.keys[j] in _ADVERBIAL_PRONOUNS):
            j += 1
        if j < end and (self._is_complementiser(j) or self.raw[j] == ":" or self.raw[j] in self.lexicon.openers):
            return j
        return None

    def _elative_at(self, k: int) -> bool:
        """Whether the bare form at ``k`` of a verb that is also an elative (أبرز) is the elative: after من، أحد، إن
        …, or before a word that is no speaker, aside or complementiser (وأبرز التحديات، أبرز ما، أبرز ملامح النظام);
        the verb is followed by its speaker (وأبرز الوزير، وأبرز الحمامي، أبرز ذات المصدر), a comma or an adverbial
        (وأبرز، في تصريح …، أن), or at once by the complementiser (وأبرز أن)."""
        if self.keys[k] not in _ELATIVE_HOMOGRAPHS:
            return False
        if k > 0 and self.keys[k - 1] in _BEFORE_ELATIVE:
            return True
        j = k + 1
        while j < self.n and self.keys[j] in self.lexicon.adverbs:
            j += 1
        if j >= self.n or self.punct[j] or self._is_complementiser(j):
            return False
        key = self.keys[j]
        if key == _MIN and j + 1 < self.n and not self.punct[j + 1] and self.keys[j + 1] not in _SIDES_AFTER_MIN:
            return True  # وأبرز من فند الأكذوبة …، هم أبرز من سعى …: "the foremost of those who" (not أبرز من جهته أن)
        if key in _PREPOSITIONS_BEFORE_NOUNS or key in _SELF_WORDS or self.keys[j] in self.lexicon.honorifics:
            return False
        if key == _MA or key in _DEMONSTRATIVES or key.isdigit() or key in _NUMBER_WORDS:
            return True
        if self.raw[j].endswith(("هم", "ها", "هما", "هن")) and len(self.raw[j]) > 4:
            return True  # أبرز مطالبهم: a noun with its owner's pronoun, not a speaker
        return not (self._person_like(j) or _nisba(key))

    def _pronoun_object_reports(self, k: int) -> bool:
        """Whether a verb with an object pronoun at ``k`` (ووصفوه، أخبرته) reports a clause: a complementiser follows
        within a few words in its sentence (ووصفه رئيس الوزراء بأنه …), it is no noun (وصفة) and not what ما
        stands for (ما وصفه بـ"…", which :meth:`_what_was_called` reads)."""
        if self.raw[k].endswith("ة") or (k > 0 and self.keys[k - 1] in _WHAT):
            return False
        form = self.lexicon.forms[self.keys[k]]
        if k > 0 and self.keys[k - 1] in _BEFORE_VERBAL_NOUN and not form.clitic:
            return False  # يمكن وصفه بأنه …، وفي معرض وصفه لنقاش الكونغرس بأنه …: the verbal noun, whose agent is elsewhere
        if form.lemma == _I_TABARA and self.raw[k].lstrip("وف").startswith("أ"):
            return False  # الدوسري الذي أعتبره كبير الاتفاقيين: the perfect اعتبر has no hamza; أعتبره is "I consider him"
        end = min(self.sentence_end[self.sentence_of[k]], k + _MAX_PRONOUN_OBJECT_GAP)
        telling = form.lemma in _TELLING
        for j in range(k + 1, end):
            if self._is_complementiser(j):
                # وصفه بأنه، اعتبروه بأنه: "as"; أخبرته أن: what he was told (not من شأنه أن، باعتبار أن)
                return self.keys[j].startswith("ب") or (telling and self.keys[j - 1] not in _SUBORDINATORS)
            if self.lexicon.forms.get(self.keys[j]) is not None or (self.punct[j] and self.raw[j] not in self.lexicon.quote_marks):
                return False
        return False

    def _relayed_from(self, k: int) -> tuple[int, int] | None:
        """ونقلت وكالة رويترز عن مصادر أمنية أن …: the phrase after عن (the speaker whose words the verb of passing on
        at ``k`` relays), when عن follows within a few words and a complementiser (or a quotation) closes that phrase;
        else None (نقل الجرحى إلى المستشفى is carrying, نقلت عنه: already said)."""
        end = self.sentence_end[self.sentence_of[k]]
        an = next((j for j in range(k + 1, min(end, k + _MAX_RELAY_REPORTER)) if self.keys[j] == _AN_FROM), None)
        marks = self.lexicon.quote_marks
        if an is None or any(self.punct[m] and self.raw[m] not in _COMMAS and self.raw[m] not in marks for m in range(k + 1, an)):
            return None
        for j in range(an + 1, min(end, an + 1 + _MAX_SOURCE)):
            if self._is_complementiser(j) or self.raw[j] == ":" or (self.raw[j] in self.lexicon.openers and j in self.close_of):
                stop = j - 1 if self.keys[j - 1] in _THE_SAYING else j  # نقلت عن الوزير القول إن …
                return self._trim(an + 1, stop) if stop > an + 1 else None
            if (self.punct[j] and self.raw[j] not in _COMMAS) or self.lexicon.forms.get(self.keys[j]) is not None:
                return None
        return None

    def _noun_after_preposition(self, k: int, form: CueForm) -> bool:
        """A verb form right after a preposition is a noun of the same letters, no cue: في رده على (in his reply to),
        في حديثه; a preposition never governs a verb."""
        if form.kind == "verb":
            return k > 0 and self.keys[k - 1] in _PREPOSITIONS_BEFORE_NOUNS
        return form.kind == "participle" and form.gender == "f" and self._verbal_noun_homograph(k, form)

    def _verbal_noun_homograph(self, k: int, form: CueForm) -> bool:
        """A feminine participle form that reads as the verbal noun of its letters: after a preposition (في متابعة
        الوضع) or after a preposition and a bare noun it is in construct with (في إطار متابعة …، خلال زيارة متابعة
        …), unless it introduces a clause itself (_feminine_participle)."""
        if k == 0 or self.punct[k - 1]:
            return False
        before = self.keys[k - 1]
        if not (
            before in _PREPOSITIONS_BEFORE_NOUNS
            or (k > 1 and self.keys[k - 2] in _PREPOSITIONS_BEFORE_NOUNS and not _definite(before)
                and before not in self.lexicon.forms and not self._is_complementiser(k - 1))
        ):
            return False
        return not self._feminine_participle(k, form)

    def _nominal_at(self, k: int) -> bool:
        """True when a whole nominal cue (بحسب، نقلا عن، على حد قول ...) starts at token ``k``."""
        for cue in self.lexicon.nominal.get(self.keys[k], ()):
            if tuple(self.keys[k + 1 : k + len(cue.tokens)]) == cue.tokens[1:] and not cue.needs_complementiser:
                return True
        return False

    def _long_pair(self, k: int) -> bool:
        """A quotation-mark pair holding enough words to be speech rather than a quoted name."""
        close = self.close_of.get(k)
        return close is not None and sum(not self.punct[j] for j in range(k + 1, close)) >= _MIN_DIRECT_TOKENS

    def _quoted_term(self, opener: int, source_end: int) -> bool:
        """Whether the short quotation at ``opener``, in the gap after the speaker of a verb that takes no colon,
        names something inside a longer phrase rather than what was said: a noun stands right before it, past other
        words, and the clause runs on after it (أعلنت شركة سامسونغ اليوم إيقاف تصنيع هاتفها "غالكسي نوت 7" وبيعه …)."""
        close = self.close_of[opener]
        words = sum(not self.punct[m] for m in range(opener + 1, close))
        if words > _MAX_QUOTED_NAME or opener - source_end < 2 or close + 1 >= self.n:
            return False
        before, after = opener - 1, close + 1
        return not (
            self.punct[before] or self._is_cue(before) or self._is_complementiser(before) or self.punct[after]
            or self._is_cue(after) or self.keys[before] in self.lexicon.temporal or self.keys[before] in self.lexicon.adverbs
        )

    def _bracket_end(self, k: int) -> int | None:
        """The token after a short parenthesis at ``k`` that reads as a name, else None.

        لمراسل (وات)، وكالة الأنباء الألمانية (د ب أ)، يوليو (تموز): an abbreviation or another name in
        apposition, read as part of the phrase it follows, never as the end of a clause. Nothing checks that it
        names the word before it, but a name holds at most :data:`_MIN_DIRECT_TOKENS` words (its letters may read as
        words: سي.إن.إن); more make a clause (للنواب (الذين صوتوا ضد القانون)) or speech in brackets (للصحفيين (لن
        نتراجع عن القرار)).
        """
        if k >= self.n or self.raw[k] != "(":
            return None
        for j in range(k + 1, min(self.n, k + 2 + _MAX_BRACKETED_NAME)):
            if self.raw[j] == ")":
                words = sum(not self.punct[m] for m in range(k + 1, j))
                return j + 1 if 0 < words <= _MIN_DIRECT_TOKENS else None
            if self.punct[j] and self.raw[j] != ".":
                return None
        return None

    def _name_in_gap(self, close: int) -> bool:
        """True when a complementiser or colon follows a quoted stretch: the stretch was a name (موقع "بي.سي ماجازين" … إلى أن)."""
        end = min(self.sentence_end[self.sentence_of[close]], close + 12)
        for j in range(close + 1, end):
            if self._is_complementiser(j) or self.raw[j] == ":":
                return True
            if self.raw[j] in _TERMINAL or self._is_cue(j):
                return False
        return False

    def _source_after(self, k: int, end: int) -> int:
        """End (exclusive) of the noun phrase starting at ``k``: the speaker in verb-subject order."""
        lex = self.lexicon
        count = 0
        start = k
        while k < end and count < _MAX_SOURCE:
            raw, key = self.raw[k], self.keys[k]
            if raw in lex.openers and k in self.close_of and (not self._long_pair(k) or self._quoted_name(k, start)):
                k = self.close_of[k] + 1  # a quoted name: صحيفة "الديلي تليجراف"
                count += 1
                continue
            if self.punct[k] or (k > start and raw in _DASHES):
                if k > start and k + 1 < end and self._title_abbreviation_dot(k):
                    k += 1  # د. عبدالله المالكي، م.سلطان القرشي: the title's dot, not the end of the name
                    continue
                break
            if key in _ADJECTIVE_OR_TIME and k > start and self._definite_at(k - 1) and not (
                k + 1 < end and self.keys[k + 1] in _TIME_ADJECTIVES
            ):
                count += 1  # الأمين العام، النائب الأول: an adjective of the title, not a time
                k += 1
                continue
            if key == _AN_FROM and k > start and self.keys[k - 1] in _ISSUED:
                count += 1  # بيان صادر عن الرئاسة: who issued the document is part of the phrase that names it
                k += 1
                continue
            if k > start and self.keys[k - 1] in _ISSUED and key in lex.temporal:
                after = self._past_date(k, end)
                if after < end and self.keys[after] == _AN_FROM:
                    count += after + 1 - k  # بلاغ صادر اليوم عن وزارة الداخلية: when, then who issued it
                    k = after + 1
                    continue
            if (
                key == _AN_FROM and k > start and self.keys[start] in _DEPUTIES and k + 1 < end
                and self.keys[k + 1] in _REPRESENTED
            ):
                count += 1  # النائب عن دائرة فرنسا 1، النائبة عن حركة النهضة: whom a deputy sits for
                k += 1
                continue
            if (
                k > start and k + 1 < end and key in _ROLE_PREPOSITION_WORDS and self._role_preposition(k, start)
                and not self._introduced_next(k + 1)
            ):
                count += 1  # المشرف على البرامج، المسؤول عن الملف: what the role is over, not the verb's preposition
                k += 1
                continue
            if key == _FI and k > start and k + 1 < end and self.keys[k - 1] in _MEMBERS and self.keys[k + 1] in _MEMBER_OF:
                count += 1  # القيادي في حركة النهضة، عضو في الحزب: the body the speaker belongs to
                k += 1
                continue
            if key == _FI and (
                (past_name := self._name_past_body(start, k, end)) is not None
                or (past_name := self._titled_name_past_body(start, k, end)) is not None
            ):
                # الباحث في المعهد هانس روبرز إن، السفير الأميركي في الأمم المتحدة، جون بولتون، إن، مدير الإعلام
                # الأمني في الوزارة العميد عادل الحشاش إن
                return past_name
            if key == _FI and self._officials_body(start, k, end):
                count += 1  # مصدر في الرئاسة، مسؤول كبير في وزارة الخارجية، مسؤولون في الأمم المتحدة: where they serve
                k += 1
                continue
            if k > start and self._ali_name(k) and k + 1 < end and not self.punct[k + 1] and not self._is_complementiser(k + 1):
                count += 1  # مدير الجمعية علي البيضاني، المقدم علي بن عمير: the name علي, not the preposition على
                k += 1
                continue
            if key in lex.source_stop or key in lex.temporal or key in lex.complementisers or key == _FA_QAD:
                break
            if k > start and key in lex.adverbs and k + 1 < end and (
                self._introduced_next(k + 1) or not (self.punct[k + 1] or self._definite_at(k + 1))
            ):
                # وقال الوزير ببساطة إن …، وتنفي قطر بشدة هذه الاتهامات: how it was said, after the name (but
                # تقرير الأمين العام الخاص بقوة الأمم المتحدة: a noun in a genitive chain)
                break
            if k > start and (key in _IN_RESPONSE or (key in _FOLLOWING and not raw.startswith("أ"))):
                break  # وقال الوزير ردا على سؤال …، تعليقا على …، إثر لقائه …: why or when it was said, not the name
            if k > start and key in _CALLED and k + 1 < end and not self.punct[k + 1]:
                count += 1  # شركة هندية تدعى Ringing Bells، جماعة تسمى …: the name it goes by is part of the phrase
                k += 1
                continue
            if k in self._withheld:
                break  # مسؤول عسكري طلب عدم الكشف عن هويته: the speaker is named before the formula (or not at all)
            if key in _MANNER_NOUNS:
                break  # وقال الوزير بلهجة حازمة إن …، وأشار بنبرة ساخرة إلى …: how it was said (the name, if any, before)
            if k > start and key in _SEAT:
                break  # المرصد السوري لحقوق الإنسان ومقره لندن: where the speaker sits, not its name
            if k > start and key == _MIN and k + 1 < end and self.keys[k + 1] in _FOR_ONES_PART:
                break  # وقال الوزير من جهته إن …: "for his part", not the name
            if k > start and key in _IN_TURN:
                break  # وكشف مدير المركز كريس كلارك بدوره أن …: "in turn", not the name
            if key in _NOUN_FIRST_WITH_PRONOUN:
                break  # ورفض العرض لأنني رأيت …: a particle with its pronoun opens another clause
            if k > start and key in _QAD_PARTICLES:
                break  # وقال الرئيس لقد تحدثت …، وكان جلالة الملك قد استقبل …: قد opens a verb, never a name
            if k > start and key in _THERE:
                break  # كما تشير التقارير هناك اثنان من البنوك …: "there is" opens what was said
            if (key in _ABOUT_TOPICS or (k + 1 < end and self._as_regards(k))) and not (
                k > start and any(self.keys[m] in _REMIT_WORDS for m in range(start, k))
            ):
                # وقال الوزير بخصوص الأسعار إن …: what it was about, not who said it (but المبعوث الخاص للأمين العام
                # بشأن سوريا, المقرر الخاص بشأن التعذيب: a remit, part of the title)
                break
            if key == _MIN and k > start and k + 1 < end and (self._is_complementiser(k + 1) or self._through_at(k)):
                break  # حذر الوزير من أن …، قالت شقيقتها من خلال تدوينة: the verb's preposition or a means, not the name
            if self._is_cue(k) and not (k == start and k > 0 and self.keys[k - 1] in _NOT_REPORTING) and not (
                k == start and self._construct_participle_subject(k, end)
            ):
                break
            if k == start and key in _PREPOSITION_PRONOUNS:
                break  # أعلن بعدها بأيام استقالته: an adverbial, not who announced
            if key in _RELATIVES_OR_AND or (k == start and (
                not self._demonstrative_subject(k, end) if key in _NEAR_DEMONSTRATIVES else key in lex.discourse
            )):
                break
            if key in _NEAR_DEMONSTRATIVES and k > start and not self._genitive_due(k) and k + 1 < end and (
                self.keys[k + 1] in lex.temporal or self.keys[k + 1] in _TIME_NOUNS
            ):
                break  # وقال الوزير هذا الصباح إن …، وأكدت الوزارة هذه المرة أن …: when, not the name
            if (
                key == _MA and k > start and self.keys[k - 1] != _BI_ISM and self.keys[k - 1] not in _BEFORE_WHAT
                and not (k + 1 < end and self.keys[k + 1] in _SO_CALLED)
            ):
                break  # ونفت الجامعة ما ورد …، ووصف أوباما ما حدث بـ…: "what" opens the verb's object, not the name
            if k > start and self._body_for_an_audience(k, start):
                count += 1  # النقابة الوطنية للصحفيين التونسيين، الاتحاد الدولي للصحفيين: whom the body is for, its name
                k += 1
                continue
            if k > start and key.startswith("ل") and (
                (_medium(key, lex) and not self._agency_of_title(k)) or self._station_at(k + 1)
                or (
                    not key.startswith("لل")
                    and (key == "ل" or (self._introduced_next(k + 1) and not self._construct_head(k - 1)))
                )
                or key in _ADDRESSEE_QUANTIFIERS
            ):
                break  # an addressee or medium: لصحيفة الحياة، لرويترز إن، للجوهرة أف أم
            if k > start and (key in lex.speech_events or key in _BI_STATEMENTS):
                break  # وقد أدلى الرئيس بتصريح قال فيه …، وقال فلان بلقاء مع …: the statement he gave, not his name
            count += 1
            k += 1
        return k

    def _construct_participle_subject(self, k: int, end: int) -> bool:
        """Whether the feminine participle at ``k``, right after a verb of saying, heads its subject in a genitive
        (كما قالت مدعية المحكمة الجنائية الدولية، …: the prosecutor), not a participle that reports (…، مدعية أن …)."""
        form = self.lexicon.forms.get(self.keys[k])
        before = self.lexicon.forms.get(self.keys[k - 1]) if k > 0 else None
        return (
            form is not None and form.kind == "participle" and form.gender == "f" and before is not None
            and before.kind == "verb" and k + 1 < end and self.keys[k + 1].startswith("ال") and not self.punct[k + 1]
            and not self._feminine_participle(k, form)
        )

    def _genitive_due(self, k: int) -> bool:
        """Whether a role or title word, or باسم, before ``k`` still waits for its genitive (مدير هذه الأيام الثقافية،
        المتحدث باسم ما يسمى بالمجلس، قائد ما يعرف بجيش الإسلام): asked by :meth:`_source_after` only of a
        demonstrative, not of every word of the phrase."""
        return (self._title_word(k - 1) and not self._definite_at(k - 1)) or self.keys[k - 1] == _BI_ISM

    def _body_for_an_audience(self, k: int, start: int) -> bool:
        """Whether لل + an audience at ``k`` (للصحفيين، للإعلاميين، للصحافة) ends a body's name that an adjective of
        origin or scope closes (النقابة الوطنية للصحفيين، الاتحاد الدولي للصحفيين، المؤسسة الشرقية للصحافة), not whom
        the speaker told (وقال رئيس النقابة البغوري للصحفيين)."""
        key = self.keys[k]
        if not (k >= start + 2 and key.startswith("لل") and _medium(key, self.lexicon)):
            return False
        head, adjective = self.keys[k - 2], self.keys[k - 1]
        # The adjective agrees with the body (النقابة الوطنية، الاتحاد الدولي); a surname of the same shape after a
        # feminine body does not (رئيس النقابة البغوري للصحفيين).
        agrees = head.endswith("ه") == adjective.endswith("يه")
        return _nisba(adjective) and agrees and (head in _BODIES_FOR_AUDIENCES or head in _MEMBER_OF)

    def _name_past_body(self, start: int, k: int, end: int) -> int | None:
        """Where the name ends when في at ``k`` opens the body a titled speaker serves in and the speaker's name
        follows it right before what was said (وقال الباحث في المعهد هانس روبرز إن …، السفير الأميركي في الأمم
        المتحدة، جون بولتون، إن …، وأشار القيادي في المقاومة قائد نصر إلى أن …), else None. The guidelines take
        the whole noun phrase; without a name there (وقال الوزير في المؤتمر الصحفي إن) في says where it was said."""
        lex = self.lexicon
        head = self.keys[start]
        if not (start < k <= start + 3 and (self._title_word(start) or head in _OFFICIALS or head in _MEMBERS)):
            return None
        j = k + 1
        if j + 1 < end and not self.punct[j] and not self.punct[j + 1] and _definite(self.keys[j + 1]) and (
            not _definite(self.keys[j]) and self._name_word_in_apposition(j)
        ):
            j += 1  # a noun in construct opens the body (في مجلس الشيوخ، في وزارة الخارجية)
        while j < end and j - k <= 3 and not self.punct[j] and _definite(self.keys[j]) and not (
            self.keys[j] in lex.temporal or self._addressee_at(j) or self.keys[j] in _RELATIVES_OR_AND
            or self.keys[j] in lex.titles
        ):
            j += 1  # the body: a definite noun, its adjectives or genitives (المقاومة الشعبية، الأمم المتحدة)
        if not _definite(self.keys[j - 1]) or j >= end:
            return None
        set_off = self.raw[j] in _COMMAS
        name = j + 1 if set_off else j
        j = name
        while j < end and j - name < 4 and not self.punct[j] and not self._is_complementiser(j) and self._name_word_in_apposition(j) and not (
            j > name and self._prepositional_opening(j)
        ):
            j += 1
        if j == name or name >= end:
            return None
        first, first_key = self.raw[name], self.keys[name]
        if _definite(first_key) or len(first) >= 5 and (first.startswith(("م", "ت")) and first.endswith("ا") or first.endswith("يا")):
            # not a name: في الجلسة مخاطبا النواب، في الخطاب تلميحا، في المؤتمر حرفيا (an accusative of manner, its
            # ending unwritten)
            return None
        if first_key[:1] == "ب" or (first_key[:1] == "و" and len(first_key) >= 5):
            # في المؤتمر الصحفي بجنيف، بمقر الوزارة، بحضور …: where or with whom, not a name; في اليونان وصربيا:
            # a second body or place (a name seldom opens so: بيل فريست is lost with them)
            return None
        name_end = j
        if j < end and self.raw[j] in _COMMAS:
            j += 1  # the comma that closes a name set off, or one before the complementiser (عبدالله قائد، إن)
        elif set_off:
            return None
        return name_end if self._said_after_name(j, end) else None

    def _said_after_name(self, j: int, end: int) -> bool:
        """Whether what was said follows a speaker's name that ends before ``j``: a complementiser or a colon, maybe
        after whom it was told (… جون بولتون لشبكة "سي ان ان": …، لوكالة فرانس برس إن …; never past a cue) and the
        verb's إلى (وأشار … إلى أن)."""
        if j < end and (self._addressee_at(j) or self._quoted_addressee_end(j, end) is not None):
            j = next((
                m for m in range(j + 1, min(end, j + _MAX_TOLD_BEFORE_SAYING))
                if self.raw[m] == ":" or self._is_complementiser(m) or self._is_cue(m)
            ), end)
        if j < end and self.keys[j] == _ILA:
            j += 1
        return j < end and (self._is_complementiser(j) or self.raw[j] == ":")

    def _titled_name_past_body(self, start: int, k: int, end: int) -> int | None:
        """Where the name ends when في at ``k`` opens the body or place a speaker with a role serves in and a person's
        title and name follow it right before what was said (فضيلة رئيس المحكمة العامة في المدينة المنورة الدكتور صالح
        المحيميد أن …، أستاذ المعهد العالي للفنون في سورية الدكتور عجاج سليم إن …), else None: the title (الدكتور،
        العميد) marks the name, so the body may be any short phrase."""
        if not (start < k <= start + 6):
            return None
        if not any(self._title_word(m) or self.keys[m] in _OFFICIALS or self.keys[m] in _MEMBERS for m in range(start, min(k, start + 3))):
            return None
        titles = self.lexicon.titles
        title = next((m for m in range(k + 2, min(end, k + 6)) if self.keys[m] in titles), None)
        if title is None or any(
            self.punct[m] or self._is_cue(m) or self._is_complementiser(m) or self._addressee_at(m) or self.keys[m] in self.lexicon.temporal
            for m in range(k + 1, title)
        ):
            return None
        j = title + 1
        while j < end and j - title <= 5 and not self.punct[j] and not self._is_complementiser(j) and (
            self._name_word_in_apposition(j) or self._ali_name(j)
        ) and not self._prepositional_opening(j):
            j += 1
        if j == title + 1 or _definite(self.keys[title + 1]):
            return None  # a title with no name after it (الدكتور الجديد)
        name_end = j
        if j < end and self.raw[j] in _COMMAS:
            j += 1
        return name_end if self._said_after_name(j, end) else None

    def _ali_name(self, k: int) -> bool:
        """Whether token ``k`` is the name علي, spelt with ي in a text that spells the preposition على with ى (its
        matching key is the preposition's)."""
        if k in self.ali_by_context:
            return True  # a text that writes them alike: the name by the words around it (بن علي، محمد على النصري)
        if self.raw[k] != "علي":
            return False
        if self._spells_ala is None:  # one search of the text per document, not one per علي (quadratic in length)
            self._spells_ala = " على " in self.letters_text
        return self._spells_ala

    def _name_word_in_apposition(self, k: int) -> bool:
        """Whether token ``k`` may be a word of a person's name (not a function word, time, adverb, cue, number or
        indefinite accusative: في المؤتمر نفسه أمس، في الجلسة مخاطبا …)."""
        key, lex = self.keys[k], self.lexicon
        return not (
            is_stop_word(self.raw[k]) or key in lex.temporal or key in lex.adverbs or key in lex.source_stop
            or key in lex.discourse or key in _SELF_AFTER or key in _RELATIVES_OR_AND or self._is_cue(k)
            or _accusative(self.raw[k]) or any(ch.isdigit() for ch in key) or key in _IN_RESPONSE or key in _FOLLOWING
            or self._addressee_at(k) or self._agency_after_li(k) or k in self._withheld or key in _MANNER_NOUNS
            or key in _ABOUT_TOPICS or key in _IN_TURN or key == _BI_ISM or key in _NEAR_IN_TIME or not key
        )

    def _officials_body(self, start: int, k: int, end: int) -> bool:
        """Whether في at ``k`` opens the body an unnamed official or source serves in (مصدر في الرئاسة، مسؤول كبير في
        وزارة الخارجية): the phrase from ``start`` is such a noun, maybe with one adjective, and a definite noun or an
        institution's follows, not where or when it was said (في تصريح، في وقت لاحق)."""
        if not (start < k <= start + 2 and k + 1 < end and self.keys[start] in _OFFICIALS):
            return False
        if k == start + 2 and not (_indefinite_nisba(self.keys[start + 1]) or self.keys[start + 1] in _RANKS):
            return False
        after = self.keys[k + 1]
        return (
            not self.punct[k + 1] and not self._saying_at(k) and after not in self.lexicon.temporal
            and after not in self.lexicon.source_stop and (
                _definite(after) or is_institution_noun(self.raw[k + 1])
                or (k + 2 < end and not self.punct[k + 2] and _definite(self.keys[k + 2]))  # في إدارة الرئيس
            )
        )

    def _construct_head(self, k: int) -> bool:
        """Whether token ``k`` is a bare noun that must take a genitive (رئيس، سفير، بلدية، وزارة …): a word after it
        that starts with ل is that genitive, a name (رئيس وزراء لبنان، بلدية لينييفيل، سفير ليبيا), not whom it was
        said to."""
        key = self.keys[k]
        return key in _CONSTRUCT_HEADS or key in institution_nouns()

    def _outlet_name(self, j: int) -> bool:
        """A short quotation right after a word naming a medium, past the speaker, is its name: لمراسلة "الجوهرة أف
        أم"، لصحيفة «الشرق الأوسط»; not after an audience (قال للصحفيين "…"), nor after a medium that speaks
        (the caller's business: وقالت القناة «…»)."""
        before = j - 2 if j > 1 and self.raw[j] == self.raw[j - 1] == "'" else j - 1  # لصحيفة ''…'': a doubled mark
        stem = _without_li(self.keys[before])
        return stem in self.lexicon.media and stem not in _AUDIENCES and self.inside(j) <= _MAX_QUOTED_NAME

    def _through_at(self, k: int) -> bool:
        """من خلال (through) at token ``k``: an adverbial of how something was said."""
        return self.keys[k] == _MIN and k + 1 < self.n and self.keys[k + 1] == _KHILAL

    def _title_abbreviation_dot(self, k: int) -> bool:
        """The dot of an abbreviated title before a name: د. (doctor), م. (engineer), أ. (professor), as in أ.د. فلان.

        Only right after the letter, with a word after it, and not after a year (2015 م. is a date).
        """
        if self.raw[k] != "." or self.ends[k - 1] != self.starts[k] or self.raw[k - 1] not in _TITLE_ABBREVIATIONS:
            return False
        if k >= 2 and self.raw[k - 2].isdigit():
            return False
        return not self.punct[k + 1]

    def _unclosed_quotation(self, k: int, end: int) -> tuple[int, int] | None:
        """A quotation mark right after the speaker (maybe after when and a colon) that nothing closes: scraped text
        often loses the closing mark. What follows, to the sentence's end, is what was said, when it is long enough
        to be speech rather than a name."""
        k = self._past_date(k, end)
        if k < end and self.raw[k] == ":":
            k += 1
        if not (k < end and self.raw[k] in self.lexicon.openers) or k in self.close_of or k in self.closing:
            return None
        if k > 0 and self.ends[k - 1] == self.starts[k] and k + 1 < self.n and self.ends[k] < self.starts[k + 1]:
            return None  # "حكاية وردة" هو …: glued to the word before it, a lone mark closes a name
        if self.raw[k] == "'" and self._glued(k):
            return None  # Who's Who: an apostrophe inside a word
        if sum(not self.punct[m] for m in range(k + 1, end)) < _MIN_DIRECT_TOKENS:
            return None
        return self._trim(k + 1, end)

    def _subjunctive_an(self, k: int) -> bool:
        """Whether أن at ``k`` governs an imperfect verb (أن تقدم، أن يكون: "to present", "to be"), not a report."""
        return self.raw[k] in _AN_BEFORE_VERB and k + 1 < self.n and self.raw[k + 1].startswith(_IMPERFECT_PREFIXES)

    def _complementiser_ahead(self, i: int) -> bool:
        """True when a complementiser follows the cue at ``i`` in its sentence before another cue does (not one
        that a conjunction of the writer's opens: علما أن، في حين أن، رغم أن، إلا أن)."""
        end = self.sentence_end[self.sentence_of[i]]
        for j in range(i + 1, end):
            if self._is_complementiser(j) and self.keys[j - 1] not in _SUBORDINATORS:
                return True
            if self._is_cue(j):
                return False
        return False

    def _glued_bi(self, k: int) -> bool:
        """A word opening with the preposition بـ (بفتح، بالتدخل), not a word of its own (بعد، بين، به)."""
        key = self.keys[k]
        return (
            len(key) >= 4 and key[0] == "ب" and not self.punct[k] and key not in _BI_WORDS
            and key not in self.lexicon.source_stop and key not in self.lexicon.complementisers
        )

    def _glued_li(self, k: int) -> bool:
        """A word opening with the preposition لـ before a verbal noun (لاحترام، للتدخل), not a word of its own (لدى،
        لكن، لذلك) nor a medium or an audience (لصحيفة، للصحفيين)."""
        key = self.keys[k]
        return (
            len(key) >= 5 and key[0] == "ل" and not self.punct[k] and not is_stop_word(self.raw[k])
            and not _medium(key, self.lexicon) and key not in self.lexicon.source_stop
            and key not in self.lexicon.complementisers
        )

    def _glued_object(self, k: int, preps: frozenset[str]) -> bool:
        """A glued preposition of the verb's own opening its object: بـ (طالب بفتح تحقيق), لـ (دعا الحكومة لاحترام …)."""
        return ("ب" in preps and self._glued_bi(k)) or ("ل" in preps and self._glued_li(k))

    def _plural_verb(self, i: int) -> bool:
        """A verb agreeing with a plural subject: قالوا (past), يطالبون (present).

        The present in -وا (يدعوا) is left out: it is the subjunctive after لن / أن,
        and a common misspelling of the singular يدعو.
        """
        form = self.lexicon.forms.get(self.keys[i])
        if form is None or form.kind != "verb":
            return False
        key = self.keys[i].removesuffix(VERB_READING)  # (a checked verb's key carries the verb mark: يقرون، يعبّرون)
        if key.endswith("ون"):
            return True
        bare = key[1:] if form.clitic else key
        bare = bare[1:] if bare[:1] == "س" else bare
        # The lexicon's irregular forms carry no tense, so the present is told by its prefix.
        return key.endswith("وا") and bare[:1] not in ("ي", "ت", "ن")

    def _opens_clause(self, i: int) -> bool:
        """True when the verb at ``i`` plainly opens its clause: a clitic, punctuation or a connective before it."""
        if self.lexicon.forms[self.keys[i]].clitic or i == self.sentence_start[self.sentence_of[i]] or self.punct[i - 1]:
            return True
        before = self.keys[i - 1]
        lex = self.lexicon
        if before in _KANA_FORMS or before.isdigit():
            return False  # وكان طالب بالجامعة …، قبول 500 طالبا بشكل نهائي: a noun
        return before in lex.connectors or before in lex.discourse or before in _QAD_PARTICLES or before in _COORDINATORS

    def _prepositional_object(
        self, preps: frozenset[str], k: int, end: int, *, object_first: bool = False, after_subject: bool = False
    ) -> tuple[int, int] | None:
        """The object a verb's own preposition opens at ``k`` (دعا إلى الحوار، مطالبين بإعادة الاختبار), if any.

        A separate preposition stays outside the content (دعا إلى | الحوار); a glued بـ
        is inside it, as the guidelines keep words whole. When a complementiser, a colon
        or a quotation follows the preposition (أشار إلى أن …) the usual reading applies.
        """
        if k + 1 < end and self.keys[k] == _MIN and self.keys[k + 1] in _FOR_ONES_PART:
            k += 2  # وحذر السفير من جهته من …: "for his part", then the verb's own preposition
        skipped = 0
        while k < end and skipped < 2 and (
            self.keys[k] in self.lexicon.adverbs or self.keys[k] in _PP_ASIDES or self.keys[k] in _THERE
        ):
            k += 1  # دعوا أيضا إلى، عبروا من خلاله عن
            skipped += 1
        # أصدرت الوزارة بلاغا دعت فيه كافة الفاعلين إلى …، طالبت فيه المجتمع الدولي بـ…: "in it", then whom the
        # statement asks and the verb's preposition
        asked_in_it = bool(preps & _ADDRESSEE_FIRST_PREPOSITIONS) and any(
            self.keys[m] in _IN_IT for m in range(k - skipped, k)
        ) and self._issued_before(k - skipped - 1)
        if skipped and self.keys[k - 1] in self.lexicon.temporal and (dated := self._past_date(k, end)) > k and (
            dated < end and self.keys[dated] in preps
        ):
            k = dated  # أعلنت الوزارة اليوم الجمعة 14 أفريل 2017 عن …: the rest of the date, then the verb's preposition
        # دعت الوزارة اليوم أطباء لتسوية …، دعا أوباما امس الخميس مجموعات …: a day after the subject ends it, and the
        # verb's object follows; not a date going on (أعلنت الشرطة الأحد 8 نوفمبر عن …) nor an ordinal that may be a
        # rank (الفريق أول).
        object_after_day = (
            after_subject and skipped >= 1
            and all(self.keys[m] in self.lexicon.temporal and self.keys[m] not in _ORDINALS for m in range(k - skipped, k))
            and k < end and not self.punct[k] and not self.raw[k][:1].isdigit() and self.keys[k] not in self.lexicon.temporal
        )
        if k < end and self._is_complementiser(k):
            return None  # وأكد الوزير أن …، على حد قوله: the complementiser's reading applies, whatever comes later
        if k + 1 < end and self.keys[k] == "ل" and k + 1 in self.close_of and (
            (after := self.close_of[k + 1] + 1) < end and self.keys[after] in preps
        ):
            k = after  # كشف مسؤول يمني لـ«الشرق الأوسط» عن …: the newspaper spoken to, then the verb's preposition
        if k < end and self._saying_at(k) and (close := self._adverbial_close(k, end)) is not None and (
            after := self._preposition_after_aside(preps, close, end)
        ) is not None:
            # ودعت الجمعية في بيان لها اليوم، رئاسة الحكومة إلى …: where it was said, closed by a comma, then whom
            # it asks and the verb's preposition.
            k = after
        elif k < end and self.raw[k] in _COMMAS and (after := self._preposition_after_aside(preps, k, end)) is not None:
            # ودعت الحركة، الحكومة التونسية، إلى …، دعا الاتحاد، الأربعاء، إلى …: whom it asks, or when, set off by
            # commas between the speaker and the verb's preposition.
            k = after
        elif k < end and self._adverbial_at(k) and (after := self._preposition_after_adverbial(preps, k, end)) is not None:
            # أعلنت المنظمة خلال ندوة صحفية عقدتها اليوم بالعاصمة، عن إطلاق …: an adverbial closed by a comma, then
            # the verb's own preposition
            k = after
        if k >= end or self.punct[k] or self._is_complementiser(k):
            return None  # مؤكدا أن …: the complementiser's reading applies
        if _ALA in preps and self._adverbial_ala(k):
            # وأكد الوزير على هامش الندوة أن …: when and where, not what was stressed; the verb's own على may
            # come after the adverbial (وشدد الوزير على هامش الندوة، على أهمية …).
            after = self._preposition_past_adverbial(k, end, preps)
            if after is None:
                return None
            k = after
        if self.keys[k] in preps:
            start = k + 1
            if start < end and self.raw[start] in self.lexicon.openers and start in self.close_of:
                return self._quoted_object(start, end)
        elif self._glued_object(k, preps):
            start = k
        elif (object_first or object_after_day or asked_in_it or self._adverbial_at(k)) and (found := self._preposition_after(
            preps, k, end,
            _MAX_APPOSITION_ASIDE // 2 if object_first and (self.keys[k] in _ANY_OR_ALL or self._feminine_agreeing_plural(k))
            else _MAX_OBJECT_BEFORE_PREPOSITION
        )) is not None:  # (ودعت كل الفاعلين السياسيين والاجتماعيين والإعلاميين إلى …، كما دعا دول مجلس التعاون لدول
            # الخليج العربية إلى …: a group may be long)
            if self._adverbial_at(k):
                # داعيا في كلمته إلى الهدوء، أعلنت أول من أمس عن …، وشدد الوزير في كلمته على …: an adverbial
                # first; what is asked follows the preposition.
                if not object_first and self.keys[found] not in preps and self._clause_end(found) - found < 2:
                    # وطالب الوزير بعد الاجتماع بساعة: a glued بـ ending the clause at once measures the adverbial;
                    # what is asked for runs on (وطالب في تصريحات سابقة بسرعة تأهيل المدينة).
                    return None
                start = found + 1 if self.keys[found] in preps else found
                if start < end and self.raw[start] in self.lexicon.openers and start in self.close_of:
                    return self._quoted_object(start, end)  # ودعا الاتحاد في بيان له إلى «مواصلة النضال …»
            else:
                # داعيا الهياكل إلى تحمل …، طالبوا صاحب المسكن بمدّهم، دعت الوزارة اليوم أطباء لتسوية …: the object
                # and what it is asked to do.
                start = k
            if any(self._is_complementiser(j) for j in range(start + 1, min(end, start + 4)) if not self.punct[j]):
                return None  # أشارت في تقريرها إلى الجامعة أن …: whom she told; what she said follows أن
        else:
            return None
        if start >= end or self.punct[start] or self._is_complementiser(start) or self._is_cue(start):
            return None
        stop = self._clause_end(start)
        return (start, stop) if stop > start else None

    def _quoted_object(self, opener: int, end: int) -> tuple[int, int] | None:
        """The object of a verb's preposition that opens with a quotation at ``opener`` (وأشارت النقابة إلى "تكرر
        التجاوزات …"، دعا إلى "الهدوء" في كل الجهات): the marks enclose what was said unless the clause runs on past
        them (a mixed quote)."""
        close = self.close_of[opener]
        if self._station_quoted(opener) or (close + 1 < end and self._is_complementiser(close + 1)):
            return None  # على "جوهرة أف أم"، عبر حسابه على "فيسبوك" أن …: where it was said, a name
        if close + 1 >= end or self.punct[close + 1] or (
            self.keys[close + 1] in _ACCORDING and self._closing_attribution(close + 1, end)
        ):
            return opener + 1, close  # (… إلى "التعبئة الشاملة" على حد تعبيره.: whose words, after the marks)
        stop = self._clause_end(opener)
        return (opener, stop) if stop > close else None

    def _margin_at(self, k: int) -> bool:
        """True when على هامش ("on the sidelines of") opens at ``k``: the occasion something was said on."""
        return self.keys[k] == _ALA and k + 1 < self.n and self.keys[k + 1] == _MARGIN

    def _adverbial_ala(self, k: int) -> bool:
        """True when على at ``k`` opens an adverbial (على خلفية، على هامش، على إثر، على غرار), not a verb's object."""
        return self.keys[k] == _ALA and k + 1 < self.n and self.keys[k + 1] in _ADVERBIAL_AFTER_ALA

    def _closing_adverbial_end(self, k: int, end: int) -> int:
        """Past an adverbial that ends the sentence at ``k`` (…، بحسب ما صرح به فلان على هامش ندوة صحفية.، …خلال
        لقاء إعلامي.), else ``k``: it says where the attribution was made, and closes it."""
        if not (k < end and (self._adverbial_ala(k) or self.keys[k] in _CLOSING_ADVERBIAL_HEADS)):
            return k
        j = k + 1
        while j < end and j - k <= _MAX_GAP:
            if self.punct[j] or self._is_cue(j) or self._is_complementiser(j):
                break
            j += 1
        return j if j == end or (self.raw[j] in _TERMINAL and j - k <= _MAX_GAP) else k

    def _preposition_past_adverbial(self, k: int, end: int, preps: frozenset[str]) -> int | None:
        """The verb's own preposition after the adverbial على phrase at ``k``: right after the comma closing it
        (على هامش الندوة، على أهمية …) or, with no comma, a few words on (على إثر ذلك عن مفاجأة); None when a
        complementiser, a cue or the sentence's end comes first (على هامش الندوة أن …)."""
        j, limit = k + 2, min(end, k + _MAX_ASIDE_GAP)
        while j < limit:
            if self.raw[j] in self.lexicon.openers and j in self.close_of:
                j = self.close_of[j] + 1  # تحت شعار "هجرات"
                continue
            if self.raw[j] in _COMMAS:
                return j + 1 if j + 1 < end and self.keys[j + 1] in preps and not self._adverbial_ala(j + 1) else None
            if self.punct[j] or self._is_complementiser(j) or self._is_cue(j):
                return None
            if j - k <= _MAX_OBJECT_BEFORE_PREPOSITION + 1 and self.keys[j] in preps and not self._adverbial_ala(j) and not (
                self.keys[j] == _ALA and self._takes_ala(j - 1)
            ):
                return j  # (but على هامش إشرافه على …: the على of the adverbial's own noun)
            j += 1
        return None

    def _past_date(self, k: int, end: int) -> int:
        """The token after the date at ``k``: day words, numbers and month names (اليوم الثلاثاء 12 مارس 2017)."""
        temporal = self.lexicon.temporal
        while k < end and (
            self.keys[k] in temporal or self.keys[k] in _TIME_ADJECTIVES or self.keys[k] in _MONTHS or self.raw[k].isdigit()
        ):
            k += 1
        return k

    def _complementiser_past_adverbial(self, k: int, end: int) -> int | None:
        """The complementiser that ends the adverbial على phrase at ``k`` before any punctuation or cue, or None."""
        for j in range(k + 2, min(end, k + _MAX_ASIDE_GAP)):
            if self._is_complementiser(j):
                return j
            if (self.punct[j] and self.raw[j] not in self.lexicon.openers) or self._is_cue(j):
                return None
        return None

    def _participle_aside_end(self, k: int, *, after_speaker: bool = False) -> int | None:
        """The comma closing an aside that a participle opens after a comma, when the main verb's complementiser
        follows it (…، معلقا على خبر استقالته، إنه …): the participle takes none (its verb takes only a colon or a
        quotation; مبينا في هذا الصدد، أنه … keeps its own). ``after_speaker``: right after the speaker's name, the
        aside needs no comma before it (قال فلان معلقا على المسيرة، إن …). None otherwise."""
        form = self.lexicon.forms.get(self.keys[k])
        if form is None or form.kind != "participle" or form.object != "colon":
            return None
        return self._aside_before_complementiser(k, _MAX_PARTICIPLE_ASIDE, cues=False, opened=after_speaker)

    def _relative_aside_end(self, k: int) -> int | None:
        """The comma closing a relative clause on the speaker that opens at ``k``, when the main verb's complementiser
        follows it (وأوضح الخبير، الذي يكتب بمدونة «غيزمودو»، أن …): the clause's verb, a cue or not, has its object
        inside the commas. None otherwise."""
        if self.keys[k] not in _RELATIVES:
            return None
        return self._aside_before_complementiser(k, _MAX_RELATIVE_ASIDE, cues=True)

    def _aside_before_complementiser(self, k: int, longest: int, *, cues: bool, opened: bool = False) -> int | None:
        """The comma closing an aside that opens at ``k`` after a comma, within ``longest`` words, when a complementiser
        (maybe after the verb's preposition: …، إلى أن) follows it; the aside holds no other punctuation than a quoted
        name, no complementiser and, unless ``cues``, no cue; ``opened``: no comma is needed before it. None otherwise."""
        if k == 0 or (self.raw[k - 1] not in _COMMAS and not opened):
            return None
        end = self.sentence_end[self.sentence_of[k]]
        m = k + 1
        while m < min(end, k + longest + 1):
            if self.raw[m] in self.lexicon.openers and m in self.close_of and self.inside(m) <= _MAX_QUOTED_NAME:
                m = self.close_of[m] + 1  # a quoted name inside the aside
                continue
            if self.raw[m] in _COMMAS:
                after = m + 1
                if after + 1 < end and (self.keys[after] in _OBJECT_PREPOSITIONS or self.keys[after] == _ILA):
                    after += 1  # وأشار رئيس الوزراء، الذي دعا الأحزاب إلى الحوار، إلى أن …
                return m if m > k + 1 and after < end and self._is_complementiser(after) else None
            if self.punct[m] or self._is_complementiser(m) or (not cues and self._is_cue(m)):
                return None
            m += 1
        return None

    def _complementiser_after_comma(self, k: int, end: int) -> bool:
        """True when a complementiser right after a comma stands between ``k`` and ``end``: the words before it are
        an aside, and what was said follows it."""
        # Bounded: an aside is short, and a text with no sentence end must not make every call scan to its end.
        return any(self._is_complementiser(j) and self.raw[j - 1] in _COMMAS for j in range(max(k, 1), min(end, k + 2 * _MAX_GAP)))

    def _saying_end(self, k: int, end: int) -> int:
        """The punctuation, cue or complementiser after the phrase of where it was said at ``k`` (its quoted names
        skipped: في صفحته على موقع «فايسبوك»), or ``k`` when none comes within a few words."""
        j, limit = k + 2, min(end, k + _MAX_SAYING_ADVERBIAL)
        while j < limit:
            if self.raw[j] in self.lexicon.openers and j in self.close_of and self.close_of[j] < end:
                j = self.close_of[j] + 1
                continue
            if self._breaks_phrase(j):
                return j
            j += 1
        return j if j == end else k

    def _past_saying(self, k: int, end: int) -> int:
        """The token after the phrase of where something was said at ``k``: the noun of saying, its adjective, its
        owner, when, and whom it was said to (في بلاغ لها اليوم الثلاثاء، في تصريح إعلامي، في تصريح لمراسلة "الجوهرة أف
        أم"، في حديث لصحيفة الشروق)."""
        j = k + (3 if self.keys[k + 1] in _SELF_WORDS else 2)
        if (
            j < end and self.keys[j].endswith(("ي", "يه")) and not self._definite_at(j)
            and self.keys[j] not in self.lexicon.source_stop
        ):
            j += 1  # في بيان رسمي، في تصريح صحفي: the saying's adjective (not على, whose key ends in ي too)
        while j < end and self.keys[j] in _OWNER_PRONOUNS:
            j += 1  # في بلاغ لها
        if j < end and self.keys[j] in _ISSUING:
            j += 1  # في بيان أصدره مؤخرا، في بلاغ نشرته اليوم
        j = self._past_date(j, end)  # في بيان لها أمس
        if j < end and self._addressee_at(j) and j + 1 < end and self.raw[j + 1] in self.lexicon.openers and (
            j + 1 in self.close_of and self.inside(j + 1) <= _MAX_QUOTED_NAME
        ):
            j = self.close_of[j + 1] + 1  # في تصريح لمراسلة "الجوهرة أف أم": the medium and its quoted name
        elif j < end and self._addressee_at(j):
            j = self._past_addressee(j, end)  # في حديث للصحفيين
        elif j + 1 < end and self.keys[j] == "ل" and j + 1 in self.close_of and self.inside(j + 1) <= _MAX_QUOTED_NAME:
            j = self.close_of[j + 1] + 1  # في حديث لـ«الشرق الأوسط»: the newspaper spoken to
        elif (station := self._station_called(j, end)) is not None:
            j = station  # في اتصال هاتفي بالجوهرة أف أم، في اتصال مع "الجوهرة أف أم": the station called
        else:
            return j
        # في تصريح لمراسلة الجوهرة "اف ام" اليوم الإثنين، في تصريح لبرنامج "صباح الورد" على "الجوهرة أف أم": the
        # station whose correspondent or programme it was, where it was aired, then when.
        if j + 1 < end and not self.punct[j] and (station := self._station_end(j + 1)) is not None:
            j = station
        elif (
            j + 2 < end and self.keys[j] in _ON_AIR and self.raw[j + 1] in self.lexicon.openers
            and j + 1 in self.close_of and self.inside(j + 1) <= _MAX_QUOTED_NAME
        ):
            j = self.close_of[j + 1] + 1
        if j < end and self.keys[j] in _AT_THE_PLACE:
            j += 1  # لمراسل الجوهرة أف أم بالجهة
        return self._past_date(j, end)

    def _station_called(self, k: int, end: int) -> int | None:
        """The token after a radio station that a call was made to, when one opens at ``k`` after a noun of saying
        (بالجوهرة أف أم، مع الجوهرة أف أم، مع "الجوهرة أف أم"، بـ"الجوهرة أف أم"), else None."""
        if k + 1 >= end:
            return None
        key = self.keys[k]
        if key == _MA_A or key == "ب":
            if self.raw[k + 1] in self.lexicon.openers and k + 1 in self.close_of and self._station_quoted(k + 1):
                return self.close_of[k + 1] + 1
            if key == _MA_A and k + 2 < end and not self.punct[k + 1]:
                return self._station_end(k + 2)
            return None
        if key.startswith("ب") and len(key) > 2 and not self.punct[k]:
            return self._station_end(k + 1)
        return None

    def _saying_at(self, k: int) -> bool:
        """True when في and a noun of saying open token ``k``'s phrase (في بيان، في تصريح لها، في مداخلة له، في البلاغ،
        في ذات البلاغ، في نفس التصريح)."""
        if (self.keys[k] != _FI and self.keys[k] != _KHILAL) or k + 1 >= self.n:
            return False  # (خلال ندوة صحفية، خلال كلمته: during the saying, as في)
        saying = self.keys[k + 1]
        if saying in _SELF_WORDS and k + 2 < self.n:
            saying = self.keys[k + 2]
        return saying in _SAYINGS or (saying.startswith("ال") and saying[2:] in _SAYINGS)

    def _adverbial_close(self, k: int, end: int) -> int | None:
        """The comma closing the phrase of where something was said at ``k`` (في بلاغ لها اليوم الأربعاء،), or None.

        Only whose saying it was and when may stand in it: a word of anything else may be the verb's object
        (وأكد الأزهر في بيان له رفضه الإرهاب …، وفي …).
        """
        lex = self.lexicon
        for j in range(k + 2, min(end, k + _MAX_SAYING_ADVERBIAL + 1)):
            if self.raw[j] in _COMMAS:
                return j
            key = self.keys[j]
            if not (key in _OWNER_PRONOUNS or key in lex.temporal or key in _TIME_ADJECTIVES or key.isdigit()):
                return None
        return None

    def _preposition_after_aside(self, preps: frozenset[str], comma: int, end: int) -> int | None:
        """The verb's preposition (or a glued بـ) after a short phrase that opens with the comma at ``comma``, or None.

        The phrase is whom the speaker asks or when, or a relative clause on the speaker, closed by another comma
        (دعت الحركة، الحكومة التونسية، إلى …; دعا الاتحاد، الأربعاء، إلى …), or a name in apposition or an addressee of a few words with no comma after
        it (دعت رئيسة الحزب، عبير موسي إلى …). Without a closing comma a phrase that opens as an adverbial is
        left alone (خلال زيارته، بمناسبة التوقيع): its own preposition may follow (دعا الوزير، خلال زيارته إلى
        صفاقس، …); so is a glued بـ after the phrase.
        """
        def opens_object(k: int) -> bool:
            return k < end and (self.keys[k] in preps or self._glued_object(k, preps))

        first = comma + 1
        if self._complementiser_after_comma(first + 1, end):
            return None  # وأكد الوزير، على هامش الندوة، أن …: an adverbial aside; what was said follows أن
        if first < end and self.keys[first] in preps and not (
            first + 1 < end and (self.keys[first], self.keys[first + 1]) in _PREPOSITION_ADVERBIALS
        ):
            return first  # كشف الوزير عبيد البريكي، عن وثائق …: a comma only sets the object off (not إلى جانب ذلك)
        if first >= end or self.punct[first] or self._is_complementiser(first) or self._is_cue(first):
            return None
        if "ب" in preps and self._glued_bi(first) and (
            _masdar_like(self.keys[first][1:]) or self.keys[first][1:] in _OBJECT_NOUNS
        ) and not self._place_or_body_bi(first) and not self._addressed_before(comma):
            return first  # وطالب الشابي، بإبقاء الحكومة …: the comma only sets the object off (a بـ of place does not)
        adverbial = self._adverbial_at(first) or self.keys[first] in _ASIDE_HEADS or self._glued_bi(first)
        # A relative clause describing the speaker may run longer (وأعلن ماكرون، الذي تصدر نتائج الجولة الأولى، عن …).
        # (… or where it was said: وأشار المصدر، في بلاغ نشره على صفحته على شبكة الانترنات، إلى …)
        longest = _MAX_RELATIVE_ASIDE if self.keys[first] in _RELATIVES or self._saying_at(first) else _MAX_ADDRESSEE
        for j in range(first + 1, min(end, comma + longest + 2)):
            if self.raw[j] in _COMMAS:
                if opens_object(j + 1):
                    return j + 1
                asked = adverbial and j + 1 < end and self._asked_at(j + 1)
                if asked or (
                    adverbial and _ILA in preps and j + 1 < end and not self.punct[j + 1] and not self._is_cue(j + 1)
                    and not self._is_complementiser(j + 1) and self.keys[j + 1] not in preps
                ):
                    # ودعا الحزب، في بيان له اليوم، كافة القوى السياسية إلى …: where it was said, then whom the verb
                    # asks, then its preposition (not what it says: أكدت الوزيرة، الأربعاء، تطور عدد السياح الوافدين
                    # على …); before a separate إلى any short noun phrase is whom it asks (ودعا الاتحاد، في هذا
                    # الصدد، الحكومات العربية إلى …، دعت الوزارة، بمناسبة العيد، العموم إلى …).
                    for m in range(j + 2, min(end, j + 2 + _MAX_ADDRESSEE)):
                        if opens_object(m) and not self._glued_bi(m) and (asked or self.keys[m] == _ILA):
                            return m
                        if self._breaks_phrase(m) or self._is_complementiser(m) or self._is_cue(m):
                            break
                return None
            if self._breaks_phrase(j):
                return None
            if not adverbial and j - first <= _MAX_APPOSITION and self.keys[j] in preps:
                return j  # a glued بـ here is as often a place (بالرياض) as the verb's object
        return None

    def _preposition_after_adverbial(self, preps: frozenset[str], k: int, end: int) -> int | None:
        """The verb's own preposition (a separate word) right after the comma that closes an adverbial opening at
        ``k`` with no other punctuation, cue, complementiser or preposition of the verb in it (أعلنت الوزارة اليوم عن
        وفاة …، عن عمر …: the first عن is the verb's), nor a noun that takes على itself (لدى إشرافه …، على …); else
        None."""
        if self.keys[k] in preps:
            return None
        for j in range(k + 1, min(end, k + _MAX_GAP)):
            if self.raw[j] in _COMMAS:
                after = j + 1
                return after if (
                    after + 1 < end and self.keys[after] in preps and not self._adverbial_ala(after)
                    and (self.keys[after], self.keys[after + 1]) not in _PREPOSITION_ADVERBIALS
                ) else None  # (…، عن طريق الناطق باسمها، …: a means, not the object)
            if self.raw[j] in self.lexicon.openers and j in self.close_of and self.inside(j) <= _MAX_QUOTED_NAME:
                continue
            if (
                self.punct[j] or self._is_cue(j) or self._is_complementiser(j) or self.keys[j] in preps
                or self._takes_ala(j)
            ):
                return None  # لدى إشرافه اليوم بالعاصمة، على …: what he supervised, not what he confirmed
        return None

    def _takes_ala(self, k: int) -> bool:
        """Whether token ``k`` is a verbal noun that takes على itself (إشرافه، اطلاعها، حصوله)."""
        return self.keys[k].startswith(_TAKING_ALA)

    def _adverbial_at(self, k: int) -> bool:
        """True when token ``k`` opens an adverbial (في كلمته، خلال المؤتمر، أمس): a preposition or a time word."""
        lex = self.lexicon
        key = self.keys[k]
        return key in lex.source_stop or key in lex.linking_prepositions or key in lex.temporal or key in _IN_RESPONSE

    def _complementiser_after_phrase(self, k: int) -> int | None:
        """The complementiser closing a short phrase from ``k`` (an aside in commas may stand between), or None.

        وبحسب الرواية الإعلامية في اليونان فإن …، وبحسب المسؤول، الذي لم يُذكر اسمه، فإن …، وحسب السليطي فقد …
        """
        if k >= self.n:
            return None
        sentence_end = self.sentence_end[self.sentence_of[k]]
        limit = min(sentence_end, k + 8)
        j = k
        while j < limit:
            if self._is_complementiser(j) or self.keys[j] == _FA_QAD:
                return j  # وحسب السليطي فقد بلغ …: فقد, as فإن, starts what the phrase attributes
            if self.raw[j] in _COMMAS and j + 1 < sentence_end and self.keys[j + 1] in _RELATIVES:
                close = next((m for m in range(j + 2, min(sentence_end, j + 16)) if self.raw[m] in _COMMAS), None)
                if close is not None:
                    limit = min(sentence_end, limit + close - j)
                    j = close + 1
                    continue
            if (self.punct[j] and self.raw[j] not in _COMMAS) or self._is_cue(j):
                return None
            j += 1
        return None

    def _preposition_after(self, preps: frozenset[str], k: int, end: int, reach: int = _MAX_OBJECT_BEFORE_PREPOSITION) -> int | None:
        """Where one of the verb's prepositions follows a short phrase from ``k`` (an object, or an adverbial when
        ``k`` opens one: في كلمته), or None."""
        in_response = self.keys[k] in _IN_RESPONSE
        adverbial = self.keys[k] in self.lexicon.source_stop or self._through_at(k) or in_response
        # في بيان أصدره مساء أمس إلى …: where it was said, with when, is a longer phrase than an object; but not
        # when a complementiser follows a later comma (في تصريح لمراسلة الإذاعة على هامش المحاضرة …، أن …); so is
        # why it was said (ردا على بعض استفسارات الصحفيين إلى …).
        longest = reach
        if (self._saying_at(k) or in_response) and not self._complementiser_after_comma(k + 1, end):
            longest = _MAX_SAYING_ADVERBIAL
        if preps & _ADDRESSEE_FIRST_PREPOSITIONS and longest == _MAX_SAYING_ADVERBIAL:
            # ودعت الوزارة في بلاغ لها اليوم الثلاثاء المواطنين القاطنين بالقرب من الشبكة إلى …، وطالب أحد
            # المعتصمين في تصريح لمراسلة "الجوهرة أف أم" السلطات بإيجاد …، وأشار في تصريح لمراسلة "الجوهرة أف أم"
            # إلى …: where, when and to whom it was said, then whom the verb asks (if anyone), then its preposition.
            past = self._past_saying(k, end)
            if past + 1 < end and self.raw[past] in _COMMAS:
                past += 1  # في تصريح لمراسلة الجوهرة اف ام، القنصليات المعنية إلى …
            glued: int | None = None
            for j in range(past, min(end, past + _MAX_ADDRESSEE + 1)):
                if self.keys[j] in preps:
                    return j
                if glued is None and self._glued_object(j, preps):
                    glued = j  # a glued لـ or بـ as often says for whom or where: a separate preposition further on wins
                if self._breaks_phrase(j):
                    break
            if glued is not None:
                return glued
        glued_li: int | None = None
        supervising = False  # لدى إشرافه على …: the adverbial's noun takes على itself
        named_to = -1  # the close of a short quoted name inside the phrase (في دورية "علوم المحيطات" إلى …)
        for j in range(k + 1, min(end, k + longest + 1)):
            if j <= named_to:
                continue
            if adverbial and self.raw[j] in self.lexicon.openers and j in self.close_of and self.inside(j) <= _MAX_QUOTED_NAME:
                named_to = self.close_of[j]
                continue
            if adverbial and self._takes_ala(j):
                supervising = True
                continue
            if supervising and self.keys[j] == _ALA:
                supervising = False
                continue
            if _ALA in preps and self._adverbial_ala(j):
                # في تصريح على هامش الندوة، على ضرورة …: the verb's preposition comes after the adverbial.
                return self._preposition_past_adverbial(j, end, preps)
            if self.keys[j] in preps or ("ب" in preps and self._glued_bi(j)):
                return j
            if glued_li is None and "ل" in preps and self._glued_li(j):
                # لـ also marks whom or what for (في تصريح لوكالة الأنباء، للجامعة): the verb's separate preposition
                # further on wins (ودعا الوزير للأنباء بريطانيا إلى …).
                glued_li = j
                continue
            if adverbial and not supervising and self.raw[j] in _COMMAS and j + 1 < end and (
                self.keys[j + 1] in preps or ("ب" in preps and self._glued_bi(j + 1))
            ) and not (j + 2 < end and (self.keys[j + 1], self.keys[j + 2]) in _PREPOSITION_ADVERBIALS):
                return j + 1  # وطالبت في ذات الصدد، بتطوير …: the adverbial set off by a comma, then what is asked
            if self._breaks_phrase(j):
                return glued_li
            if self.keys[j] in self.lexicon.source_stop and not adverbial:
                return glued_li
        return glued_li

    def _preposition_past_speaker(
        self, preps: frozenset[str], source: tuple[int, int], end: int, *, nominal: bool = False
    ) -> int | None:
        """Where the verb's own separate preposition (إلى، عن، على، من) stands a few words past the end of the
        speaker's phrase as read, with nothing but the rest of that phrase between (مستشار الترميم في هيئة البحرين
        للثقافة والآثار إلى …، الباحث المتخصص في شؤون الحركة، زايد جابر، من …، المحلل الذي لا يرغب في الإفصاح عن
        اسمه إلى …), or None. Not past a complementiser, a cue, a colon, a new clause or a sentence's end, nor a
        preposition another word in the gap governs (زيارته اليوم إلى، بالإضافة إلى، المسؤول عن، المشرفين على);
        after a verb that also takes a noun-phrase object (``nominal``: أكد، أعلن) not when the gap holds such an
        object (وأكد فلان لـCNN وفاة …، أعلن الحلف تضامنه مع … على …), whose own prepositions follow."""
        k = source[1]
        separate = preps & _SEPARATE_OBJECT_PREPOSITIONS
        if not separate or k >= end or self.keys[k] in separate:
            return None
        if source[1] - source[0] == 1 and self.keys[source[0]] in _DEMONSTRATIVES_AND_THOSE:
            return None  # ودعا أولئك الذين …: whom he asks, the speaker is dropped
        if any(self._is_cue(m) or self._cue_with_pronoun(m) for m in range(source[0] + 1, k)):
            return None  # the speaker's phrase as read ran into another verb of saying
        j = k
        while j < min(end, k + _MAX_SPEAKER_TAIL):
            key = self.keys[j]
            bare = key[1:] if key[:1] in ("و", "ف") and len(key) > 3 else key
            if key in _SEPARATE_OBJECT_PREPOSITIONS and any(
                self.keys[m] in _GOVERNING_WORDS or self.keys[m][1:] in _GOVERNING_WORDS
                for m in range(max(k, j - 2), j)
            ):
                return None  # the gap's own verbal noun and its preposition (زيارته اليوم إلى الرياض)
            if key in separate:
                after = j + 1
                if (
                    j == k or (nominal and any(self._object_like(m) for m in range(source[0] + 1, j)))
                    # أكد فلان … على: after a verb that takes a noun-phrase object too, على is its own only before
                    # what heads a stressed point (على أهمية، على ضرورة، على وجود), not inside an object (المستحقة على)
                    or (nominal and key == _ALA and (after >= end or not self._object_like(after))) or (key == _ALA and (self._adverbial_ala(j) or any(
                        self.keys[m].startswith(_TAKING_ALA_TOO) for m in range(k, j)
                    )))
                    or after >= end or self.punct[after] or self._is_complementiser(after) or self._is_cue(after)
                    or self.keys[after] in self.lexicon.temporal
                ):
                    return None
                return j
            if self.raw[j] in self.lexicon.openers and j in self.close_of and self.inside(j) <= _MAX_QUOTED_NAME:
                j = self.close_of[j] + 1  # شركة «تيراداتا» المتخصصة في …: a quoted name
                continue
            if (
                self._is_complementiser(j) or self._is_cue(j) or key in _GAP_STOPS or bare in _GAP_STOPS
                or (self.punct[j] and self.raw[j] not in _COMMAS and self.raw[j] not in "()")
                or (j > k and self.raw[j - 1] in _COMMAS and key[:1] == "و")  # …، وفضلا عن ذلك: a new clause
                or self._cue_with_pronoun(j)  # وحذرت السلطات المتساكنين ودعتهم إلى …: another verb of saying
            ):
                return None
            j += 1
        return None

    def _cue_with_pronoun(self, m: int) -> bool:
        """Whether token ``m`` is a verb of saying with an object pronoun (ودعتهم، وطالبهم)."""
        key = self.keys[m]
        return any(key.endswith(p) and key[: -len(p)] in self.lexicon.forms for p in ("هم", "ها", "ه"))

    def _object_like(self, m: int) -> bool:
        """Whether token ``m`` may head a verb's noun-phrase object (ضرورة، وجود، مقتل، استمرار، تضامنه)."""
        key = self.keys[m]
        bare = key[1:] if key[:1] in ("و", "ف") and len(key) > 3 else key
        return (
            bare in _OBJECT_NOUNS or bare in _BARE_OBJECT_NOUNS or bare in _EVENT_NOUNS or _verbal_noun(bare)
            or self._owned_noun(m)
        )

    def _place_or_body_bi(self, k: int) -> bool:
        """Whether the glued بـ word at ``k`` says where or in which body the speaker is (بولاية، بوزارة، بمستشفى)
        or on whose behalf (باسم), rather than opening what was reported."""
        return self.keys[k] == _BI_ISM or is_place_designator(self.raw[k]) or is_institution_noun(self.raw[k])

    def _object_start(
        self, source: tuple[int, int], source_end: int, end: int, preps: frozenset[str], careful_bi: bool = False,
        asks: bool = False,
    ) -> int | None:
        """Where the verb's object starts inside what was read as its subject, or None.

        A glued بـ of a verb that takes one (وطالب النائب | بفتح تحقيق); a word that only opens
        objects (دعا الوزير | جميع المواطنين إلى …) when the verb's preposition follows. At the first
        word a glued بـ is the object (وطالب | بفتح تحقيق) unless another follows soon, which makes
        the first a name (وطالبت بريطانيا روسيا | بتسليم المشتبه بهم). With ``careful_bi`` (a verb that
        takes بـ only when no complementiser follows: أفاد، صرح) a بـ of place or body, or one that another glued
        بـ follows at once, is where the speaker is (أفاد مصدر طبي بمستشفى الرابطة | بوفاة طفل، مصدر أمني
        بالقصرين | بإيقاف …).
        """
        first = source[0]
        # The first من after an informant says where it is from (حذر مصدر رسمي من داخل المحافظة من …).
        informant = self.keys[first] in _INFORMANTS
        for k in range(first, source[1]):  # not inside an aside in brackets or dashes after the name
            if self.keys[k] == _MIN and _MIN in preps and k + 1 < source_end:
                if informant:
                    informant = False
                elif k == first or (
                    self.keys[k - 1] not in _QUANTIFIERS and self.keys[k + 1] not in self.lexicon.discourse
                ):
                    # وحذر الاتحاد | من الانعكاسات: not a part of a group (عدد من الخبراء), nor من جهته.
                    return k
            if (k > first and self.keys[k] in _OBJECT_HEADS) or (
                asks and (self._oblique_plural_object(k, first) or (
                    k > first and (self._second_noun_phrase_asked(k, first) or self._object_after_speaker(k, first))
                ))
            ):
                # دعا الوزير جميع المواطنين إلى …، ودعا الرئيس المواطنين إلى …، كما دعا المتساكنين إلى …: whom the
                # verb asks (an oblique plural is never its subject)
                if (source_end < end and self.keys[source_end] in preps) or self._preposition_after(preps, k, end) is not None:
                    return k
                if k > first and source_end < end and self.keys[source_end] in _BI_ANNA and self._object_after_speaker(k, first):
                    return k  # ووصف المسؤولون الروس الانفجار بأنه …: the object, then بأن
                if k == first and self.keys[k] not in _OBJECT_HEADS:
                    return k  # ودعت المسؤولين في الجمعيات لتحكيم العقل: the object first, whatever comes between
            if "ل" in preps and k > first and (self._speaker_head(first) or self._title_word(first)) and self._glued_li(k) and (
                _masdar_like(self.keys[k][1:]) or self.keys[k][1:] in _OBJECT_NOUNS
            ) and not is_institution_noun(self.raw[k]) and not is_place_designator(self.raw[k]) and not _definite(self.keys[k - 1]) and not any(
                self._glued_li(m) and not is_institution_noun(self.raw[m]) for m in range(first, k)
            ) and not any(self.keys[m] in preps for m in range(k + 1, min(end, k + _MAX_GAP))):
                # دعا رئيس النيابة الخصوصية لبلدية سوسة | لضرورة الالتزام …: a verbal noun after لـ is what is asked;
                # not one that names a body after its adjective (المرصد التونسي لاستقلال القضاء … إلى …)
                return k
            if "ب" in preps and self._glued_bi(k):
                if k == first and any(self._glued_bi(m) for m in range(k + 1, min(source_end, k + 4))):
                    continue
                if k > first and self.keys[k - 1] in _CHARGED_WITH:
                    continue  # المكلفة بالاتصال لدى الديوانة: what the speaker is in charge of
                if careful_bi and (self._place_or_body_bi(k) or (k + 1 < end and self._glued_bi(k + 1))):
                    continue
                return k
        return None

    def _addressed_before(self, comma: int) -> bool:
        """Whether the phrase between the cue and the comma at ``comma`` opens with whom a verb of asking addresses
        (كما طالب السلطات التونسية، بضرورة …، وطالب الحكومة، بـ…): an authority or a plural, not a speaker's name."""
        m = comma - 1
        while m > 0 and comma - m <= _MAX_SOURCE and not self.punct[m - 1] and not self._is_cue(m - 1):
            m -= 1
        if m == 0 or not self._is_cue(m - 1):
            return False
        key = self.keys[m]
        bare = _without_article(key)
        return (key in _AUTHORITIES or bare in _AUTHORITIES or self._oblique_plural_object(m, m) or key in _OBJECT_HEADS) and not (
            self._title_word(m)
        )

    def _stance_object(self, k: int) -> bool:
        """Whether the word right after a verb is a noun of stance, with a possessive pronoun or the article (وأكدت
        دعمها اللامحدود …، وأكد تمسكه ب…، وأكدت الحرص على …): what the speaker confirms, the subject dropped."""
        key = self.keys[k]
        return self._owned_noun(k) or (key.startswith("ال") and key[2:] in _STANCE_NOUNS and key not in _STANCE_GROUPS)

    def _asked_first(self, i: int, k: int, form: CueForm) -> bool:
        """Whether the word ``k`` right after the verb of asking at ``i`` is whom it asks, the subject dropped: every one
        of a group (ودعا كل المواطنين إلى …), any or each one that does not agree with the verb (وحذرت أي طرف من …,
        not تطالب كل ولاية، وطالب كل من فلان وفلان), or, after a masculine verb, a definite institution in ة (كما دعا
        الحكومة إلى …), which would take a feminine verb as its subject; and the verb's preposition follows."""
        key, raw = self.keys[k], self.raw[k]
        if i > 0 and (self.keys[i - 1] in _CAUSING_WHAT or self.keys[i - 1] in _RELATIVES):
            return False  # مما دعا …، الذي دعا …: a cause, a relative clause's own verb
        end = self.sentence_end[self.sentence_of[k]]
        preps = self.lexicon.object_prepositions.get(form.lemma)
        if i > 0 and self.keys[i - 1] in _NOUN_FIRST_WITH_PRONOUN:
            # وأنه دعا المعلمة إلى مكتبه: the pronoun is the subject, whoever follows is asked
            return bool(preps) and self._preposition_after(preps, k, end) is not None
        if key in _ANY_OR_ALL:
            if k + 1 >= end or self.punct[k + 1] or self.keys[k + 1] == _MIN:
                return False  # كل من فلان وفلان: both of them, the subject
            if not self._definite_at(k + 1):
                noun_gender = "f" if self.raw[k + 1].endswith("ة") else "m"
                if form.gender == noun_gender:
                    return False  # تطالب كل ولاية، يتهم كل طرف: each one, the subject
        elif form.gender == "m" and not self._plural_verb(i) and self._feminine_agreeing_plural(k):
            # كما دعا الدول الأعضاء إلى …، وناشد أطراف النزاع أن …، ودعا المنظمات الإنسانية إلى …: a plural of things
            # or bodies (or of women) would take a feminine verb as its subject; the preposition or the complementiser
            # follows
            if bool(preps) and self._preposition_after(preps, k, end, _MAX_APPOSITION_ASIDE // 2) is not None:
                return True
            return any(self._is_complementiser(m) for m in range(k + 1, min(end, k + _MAX_APPOSITION_ASIDE // 2)))
        else:
            if not (
                form.gender == "m" and not self._plural_verb(i) and key.startswith("ال") and raw.endswith("ة")
                and key not in _MASCULINE_IN_TA and key not in _PLURALS_IN_TA
                and not (k + 1 < end and self.keys[k + 1].startswith("ال") and self.keys[k + 1].endswith("ون"))
            ):
                return False  # (طالب الأساتذة المساعدون …، طالب الضحية …: a plural in ة, a man, the subject)
        return bool(preps) and self._preposition_after(preps, k, end, _MAX_APPOSITION_ASIDE // 2) is not None

    def _feminine_agreeing_plural(self, k: int) -> bool:
        """Whether the word at ``k`` is a plural that takes a feminine verb as its subject: of things or bodies
        (الدول، الأطراف، المنظمات) or of women (الحاضرات)."""
        key = self.keys[k]
        return key in _FEMININE_AGREEING_PLURALS or (
            key.startswith("ال") and key.endswith("ات") and len(key) >= 7 and key not in _NAMES_IN_AT
        )

    def _second_noun_phrase_asked(self, k: int, first: int | None = None) -> bool:
        """Whether the word at ``k``, right after a definite word or a name after بن that ends the speaker's phrase,
        opens a second noun phrase a verb of asking takes as whom it asks: an authority or institution (ودعت نقابة
        الصحفيين الحكومة إلى …، طالبت المواطنة حنان بن زيد وزارة الصحة بـ…) or a noun the speaker owns (ودعا الحزب
        أنصاره إلى …); never after a title or a head still waiting for its genitive (رئيس الحكومة، مجلس إدارة)."""
        prev, key = self.keys[k - 1], self.keys[k]
        if self.punct[k - 1] or (self._title_word(k - 1) and not _definite(prev)):
            return False  # (a title in construct waits for its genitive: رئيس الحكومة; the definite الوزير does not)
        if not (_definite(prev) or (k >= 2 and self.keys[k - 2] in _NAME_PARTICLES)):
            return False
        bare = _without_article(key)
        if first is not None and key in self.lexicon.roles and self._body_or_group_at(first):
            # دعت النقابة الوطنية للصحفيين التونسيين وزير الداخلية إلى …، طالب الاتحاد رئيس الحكومة بـ…: a body or a
            # group has no title in apposition, so an office in construct after it is whom it asks
            return True
        return bare in _AUTHORITIES or bare in _INSTITUTION_HEADS or key in _AUTHORITIES or self._speakers_own(k)

    def _object_after_speaker(self, k: int, first: int) -> bool:
        """Whether the word at ``k`` inside the phrase after a verb of asking or describing opens its object, which a
        name or a definite word before it cannot take as a genitive or an adjective: a demonstrative (ووصف المحرزي
        تلك الإجراءات بأنها …), a definite verbal noun or a definite plural in ات after a definite word (ووصف رئيس
        المجلس محمد الناصر التصويت بأنه …، دعا وزير البيئة محمد المشنوق البلديات إلى …), or an oblique plural after
        a body's name (ودعت وزارة الصحة المواطنين إلى …)."""
        prev, key = self.keys[k - 1], self.keys[k]
        if self.punct[k - 1] or self._title_word(k - 1) or prev in _NAME_LINKS or self._title_word(k):
            return False
        if key in _DEMONSTRATIVES:
            # after a definite word or a name after a title (الأستاذ إياد نقشبندي هذه الحرف); not after a noun in
            # construct (مستعملي هذه الطريق، استعمال هذا المنتج)
            return k + 1 < self.n and self._definite_at(k + 1) and not _prefixed(prev) and (
                self._definite_at(k - 1) or (
                    not _prefixed(prev) and any(self._title_word(m) for m in range(first, k - 2))
                    and not any(self._definite_at(m) for m in range(first + 1, k))
                )
            )
        if not (self._definite_at(k - 1) and key.startswith("ال")) or _nisba(key) or key.endswith("يين"):
            return False
        stem = key[2:]
        if _verbal_noun(stem) or (_fuul(stem) and k + 1 < self.n and self.keys[k + 1] in _FUUL_PREPOSITIONS):
            return True
        if self._feminine_agreeing_plural(k):
            return not prev.endswith(("ات", "ين", "ون"))  # (not an adjective agreeing with a plural: الفتيات المشاركات)
        return (
            key.endswith("ين") and len(key) >= 7 and key not in _NOT_OBLIQUE_PLURALS and self._body_or_group_at(first)
            and not prev.endswith(("ين", "ان", "اء", "ات", "ون"))
            # the definite word before it ends the body's name: an adjective, the body's own genitive or one after a
            # definite word (وزارة الصحة المواطنين); not a genitive of a quantity (اللجنة عموم الطلبة المرشحين)
            and (_nisba(prev) or self._definite_at(k - 2) or self._body_or_group_at(k - 2))
        )

    def _body_or_group_at(self, k: int) -> bool:
        """Whether the speaker's phrase at ``k`` is headed by a body (النقابة، اتحاد، وزارة، المكتب، إدارة) or a
        group of people in the plural (المواطنون، الأهالي), never a person who may carry a second title."""
        key = self.keys[k]
        bare = _without_article(key)
        return (
            is_institution_noun(self.raw[k]) or bare in _AUTHORITIES or bare in _INSTITUTION_HEADS or bare in _MEMBER_OF
            or bare in _BODIES_FOR_AUDIENCES or bare in _OTHER_BODIES
            or (key.startswith("ال") and key.endswith("ون") and len(key) >= 7) or key in _PEOPLE_GROUPS
        ) and not self._title_word(k)

    def _speakers_own(self, k: int) -> bool:
        """Whether the word at ``k`` is a noun with a possessive pronoun, the speaker's own people (أنصاره،
        أعضاءها), not a name that ends so (عبدالله بن عبدالعزيز), a preposition's pronoun or نفسه."""
        key, raw = self.keys[k], self.raw[k]
        return (
            not self.punct[k] and not key.startswith("ال") and len(key) > 4 and raw.endswith(("ه", "ها", "هم"))
            and key not in _SELF_AFTER and key not in _PREPOSITION_PRONOUNS and not self._is_cue(k)
            and not raw.endswith(("الله", "اللة")) and not (k + 1 < self.n and self.keys[k + 1] in _NAME_LINKS)
        )

    def _asked_at(self, k: int) -> bool:
        """Whether the word at ``k`` opens whom a verb asks: all of a group (كافة، جميع), an oblique plural
        (المواطنين) or a noun owned by the speaker (أعضاءها، أنصاره)."""
        return self.keys[k] in _OBJECT_HEADS or self._oblique_plural_object(k, k) or self._speakers_own(k)

    def _oblique_plural_object(self, k: int, first: int) -> bool:
        """Whether the word at ``k`` of a speaker's phrase, right after the verb (``first``) or after a definite word,
        is a definite plural or dual in -ين (المواطنين، الطرفين): the case of an object, never of the subject (which
        would be المواطنون) nor, after a definite word, a genitive; not a noun whose own letters end so (الأمين، الدين)
        nor an adjective agreeing with one (الحرمين الشريفين)."""
        key = self.keys[k]
        if not (key.startswith("ال") and key.endswith("ين") and len(key) >= 7 and key not in _NOT_OBLIQUE_PLURALS):
            return False
        if k == first:
            return True
        prev = self.keys[k - 1]
        if self.punct[k - 1] or not prev.startswith("ال") or prev.endswith(("ين", "ان", "اء", "ات")):
            return False  # (الإخوان المسلمين، الحرمين الشريفين، الأشقاء اليمنيين: an adjective agreeing with a plural)
        # الرئيس المواطنين، النقيب الأكلبي المتنزهين; not a genitive's adjective (عموم الطلبة المرشحين)
        return k - 1 == first or self._definite_at(k - 2) or self._title_word(k - 2)

    def _addressee_at(self, k: int) -> bool:
        """True when token ``k`` opens whom a speaker addresses: للمسؤولين، لصحيفة، لمراسلة، لهم، لموزاييك FM."""
        key = self.keys[k]
        return (
            key.startswith("لل") or (_medium(key, self.lexicon) and not self._agency_of_title(k)) or key in _ADDRESSEE_PRONOUNS
            or (key.startswith("ل") and self._station_at(k + 1)) or key in _ADDRESSEE_QUANTIFIERS
        )

    def _quoted_addressee_end(self, k: int, end: int) -> int | None:
        """Past a quoted name that a bare لـ before it makes whom a speaker told (لـ"الرياض"، لـ«الشرق الأوسط»,
        and a comma after it), else None."""
        if not (k + 1 < end and self.keys[k] == "ل" and k + 1 in self.close_of):
            return None
        j = self.close_of[k + 1] + 1
        while j < end and self.raw[j] in _COMMAS:
            j += 1
        return j

    def _station_at(self, k: int) -> bool:
        """True when token ``k`` (past an opening quotation mark) ends a radio station's name: أف أم، "اف ام"، FM.

        The word before it is then the station's name, and with ل before that name,
        whom a speaker told (مصدر أمني للجوهرة أف أم), not part of the speaker.
        """
        return self._station_end(k) is not None

    def _station_quoted(self, opener: int) -> bool:
        """True when the quotation opening at ``opener`` holds a radio station's name ("الجوهرة أف أم"): a name the
        speaker told, never what was said."""
        close = self.close_of[opener]
        return close - opener >= 3 and self._station_end(close - 2) == close or self.raw[close - 1].upper() == "FM"

    def _station_end(self, k: int) -> int | None:
        """The token after the FM ending at ``k`` (and after its closing quotation mark), else None."""
        opened = k < self.n and self.raw[k] in self.lexicon.openers
        j = k + 1 if opened else k
        if j >= self.n:
            return None
        fa, m = _FM_WORDS
        if self.raw[j].upper() == "FM":
            j += 1
        elif self.keys[j] in fa and j + 1 < self.n and self.keys[j + 1] == m:
            j += 2
        else:
            return None
        return j + 1 if opened and j < self.n and self.close_of.get(k) == j else j

    def _past_addressee(self, k: int, end: int) -> int:
        """The token after the addressee phrase at ``k``: past its closing comma when one comes soon, else past ``k``.

        قال لمراسلة الإذاعة، فلان: the comma closes the addressee and the speaker follows it;
        with no comma the phrase's extent is unknown and only the preposition's word is skipped.
        """
        if self.keys[k] in _ADDRESSEE_PRONOUNS:
            return k + 1  # قال لهم الوزير: a pronoun is the whole addressee
        # وفق ما أكده للجوهرة "اف ام" الناطق الرسمي: a station's name is known to end with its FM.
        station_end = self._station_end(k + 1)
        j = self._addressee_end(k, end) if station_end is None else station_end
        if j < end and self._is_complementiser(j):
            # قال لصحيفة الحياة وزير الخارجية إن …: a role noun opens the speaker's phrase; with none,
            # كما أكد لوكالة الأنباء الرسمية "وات" أن … names no speaker after the addressee.
            for m in range(k + 2, j):
                if self._titled(m) or self.keys[m] in _INFORMANTS:
                    return m
            return j
        if j < end and self.raw[j] in _COMMAS and j + 1 < end and not self.punct[j + 1] and not self._introduced_next(j + 1):
            after = self.keys[j + 1]
            if after in _ASIDE_HEADS or after in self.lexicon.temporal or _accusative(self.raw[j + 1]):
                return j  # قال للصحفيين، عقب لقائه بالرئيس، إن …: an aside follows; the speaker is not named here
            if _correspondent(self.keys[k]) and not self._names_role(j + 1, end):
                # وأوضح لمراسل "الجوهرة اف أم"، عمر التيس، أن …: a bare name after is the correspondent's (but
                # لمراسلة الإذاعة، المدير الجهوي فلان، أن …: whoever holds a role speaks)
                return j
            return j + 1
        if (
            station_end is None and k + 1 < end and self.keys[k + 1] in self.lexicon.agencies
            and _medium(self.keys[k], self.lexicon) and not self._agency_after_li(k)
        ):
            # كما أكد لوكالة فرانس برس شاهد عيان …، لقناة الجزيرة القطرية المحلل …: the agency the outlet noun names
            # (and its adjectives), then the speaker
            j = k + 2
            while j < end and j - k <= 4 and (self.keys[j] in _AGENCY_NAME_TAILS or _nisba(self.keys[j])):
                j += 1
            return j
        return k + 1 if station_end is None else station_end

    def _place_end(self, k: int, end: int) -> int:
        """Past a short place phrase that ends the sentence at ``k`` (…، وفق ما أكدته مراسلة الإذاعة في الجهة.;
        بالكاف.), maybe with whom it was told after it (في وزارة الصحة لوكالة فرانس برس.), else ``k``."""
        key = self.keys[k] if k < end else ""
        if not (key == _FI or (key.startswith("ب") and len(key) > 3 and not self._is_cue(k))):
            return k
        j = k + 1
        while j < end and j - k <= _MAX_PLACE and not self.punct[j]:
            if j > k + 1 and (spoken := self._spoken_to_end(j, end)) is not None and (
                spoken == end or self.raw[spoken] in _TERMINAL
            ):
                return spoken  # …، بحسب ما قال فلان مدير التنسيق في وزارة الصحة لوكالة فرانس برس.: then whom it was told
            j += 1
        return j if j == end or (self.raw[j] in _TERMINAL and j - k <= _MAX_PLACE) else k

    def _names_role(self, k: int, end: int) -> bool:
        """Whether the phrase at ``k``, up to the next punctuation or complementiser, holds a role, a title or an
        informant's noun, or is followed by a description in apposition."""
        while k < end and not self.punct[k] and not self._is_complementiser(k):
            if self._titled(k) or self.keys[k] in _INFORMANTS:
                return True
            k += 1
        # …، خميس قسيلة، القيادي في الحركة، …: the name is described in apposition, as a speaker's is; a
        # relative clause or the complementiser after it (…، عمر التيس، الذي واكب …) leaves it the correspondent's.
        return k + 1 < end and self.raw[k] in _COMMAS and not (
            self.punct[k + 1] or self.keys[k + 1] in _RELATIVES or self._is_complementiser(k + 1)
        )

    def _addressee_end(self, k: int, end: int) -> int:
        """The punctuation or complementiser that closes the addressee phrase at ``k`` (its quoted names skipped),
        ``end`` when the sentence ends first, or ``k`` when none comes within a few words (or a cue does)."""
        j, limit = k + 1, min(end, k + 1 + _MAX_ADDRESSEE)
        while j < limit:
            # A quoted outlet name (لإذاعة "موزاييك"،) or a station's (لمراسل "الجوهرة أف ام" بالجهة، للجوهرة اف ام
            # بجربة) counts as one word.
            past = None
            if self.raw[j] in self.lexicon.openers and j in self.close_of and not self._long_pair(j):
                past = self.close_of[j] + 1
            elif (station_end := self._station_end(j + 2 if self.raw[j] in self.lexicon.openers else j + 1)) is not None:
                closed = station_end < self.n and self.raw[station_end] in self.lexicon.quote_marks
                past = station_end + 1 if closed else station_end
            elif (bracketed := self._bracket_end(j)) is not None:
                past = bracketed  # لمراسل (وات)، لوكالة الأنباء الألمانية (د ب أ)
            if past is not None:
                limit = min(end, limit + past - j - 1)
                j = past
                continue
            if self.punct[j] or self._is_complementiser(j):
                return j
            if self._is_cue(j):
                return k
            j += 1
        return end if j >= end else k

    def _quoted_name(self, k: int, start: int) -> bool:
        """A quotation right after a role or medium noun of the speaker's phrase names it: رئيس "جمعية سوسة غدا".

        Speech follows a speaker's whole phrase, never the head noun of a construct
        that still waits for its genitive; names are short and hold no sentence end.
        """
        if k <= start or self.inside(k) > _MAX_QUOTED_NAME:
            return False
        head = self.keys[k - 1]
        if head not in self.lexicon.roles and head not in self.lexicon.media:
            return False
        close = self.close_of[k]
        if any(self.raw[j] in _TERMINAL or self.raw[j] in _COMMAS for j in range(k + 1, close)):
            return False
        after = close + 1
        goes_on = after < self.n and not self.punct[after]
        if _definite(head):
            return goes_on  # وقالت القناة «الحكومة ستوقع الاتفاق غدا».: a definite noun takes no name after it
        if head in self.lexicon.media:
            return True  # مراسل "الجوهرة أف أم".، قناة «الجزيرة»: an outlet's name
        # A role noun's quoted name goes on into the phrase (رئيس "جمعية سوسة غدا" و عضو …);
        # وقال مسؤول «لن نسمح بذلك». is speech.
        return goes_on or (after < self.n and self.raw[after] in _COMMAS)

    def _reported_from(self, i: int) -> tuple[int, int] | None:
        """نقلت الوكالة عن السفارة قولها: the speaker stands between عن and the verbal noun."""
        first = max(self.sentence_start[self.sentence_of[i]], i - _MAX_SUBJECT_BEFORE)
        for j in range(i - 1, first - 1, -1):
            if self.keys[j] == "عن":
                return self._trim(j + 1, i)
            if self.punct[j] and self.raw[j] not in _COMMAS:
                return None
        # ونقلت وكالة فارس عن مدير عام العلاقات العامة في شركة الطيران الوطنية، شاهرخ نوش آبادي، قوله: a longer
        # phrase, a title and a name in apposition, when a verb of passing on stands right before عن.
        farther = max(self.sentence_start[self.sentence_of[i]], i - _MAX_RELAYED_SPEAKER)
        for j in range(first - 1, farther - 1, -1):
            if self.keys[j] == "عن":
                start = max(self.sentence_start[self.sentence_of[j]], j - _MAX_RELAY_REPORTER)
                for m in range(j - 1, start - 1, -1):
                    form = self.lexicon.forms.get(self.keys[m])
                    if (form is not None and form.lemma == _RELAY) or self.keys[m] in _RELAYING_NOUNS:
                        return self._trim(j + 1, i)  # ونقلت وكالة فارس عن …، نقلا عن …
                    if self.punct[m] and self.raw[m] not in self.lexicon.quote_marks:
                        break
                return None
            if (self.punct[j] and self.raw[j] not in _COMMAS) or self._is_cue(j) or self._is_complementiser(j):
                return None
        return None

    def _introduced_next(self, k: int) -> bool:
        return k < self.n and (self._is_complementiser(k) or self.raw[k] == ":" or self.raw[k] in self.lexicon.openers)

    def _subject_before(self, i: int) -> tuple[int, int] | None:
        """The subject before a verb in subject-verb order (بوتين قال، وكان البيان أفاد)."""
        lex = self.lexicon
        sid = self.sentence_of[i]
        first = self.sentence_start[sid]
        p = i - 1
        if i + 1 < self.n and self.keys[i + 1] in _IN_IT and self._issued_before(i):
            while not self._saying_noun(p):
                p -= 1  # بيانا بالمناسبة دعا فيه، بلاغا صباح اليوم دعت فيه: past when or how, to the statement
        if p > first and i + 1 < self.n and self.keys[i + 1] in _IN_IT and self._saying_noun(p):
            # أصدرت النقابة، اليوم، بيانا دعت فيه إلى …، وألقى الوزير كلمة أكد فيها …: the statement's issuer, the
            # subject of the verb that issued it, speaks in it
            issuer = self._issuer_of(p, first)
            if issuer is None and (found := self._verb_and_subject(sid)) is not None and found[1][1] <= p and self._noun_like(found[1][0]):
                issuer = found[1]  # (ارتجل المحافظ كلمة …: another verb of issuing, opening the sentence)
            if issuer is not None:
                return issuer
        while p >= first and self.keys[p] in _QAD_PARTICLES:
            p -= 1
        if p >= first and (
            self.keys[p] in _BARE_CONJUNCTIONS or self.keys[p] in _BUT_WITH_PRONOUN or self.keys[p] in _NOUN_FIRST_WITH_PRONOUN
        ):
            return None  # …، و قد أعلن، لكنه أشار، لأنني رأيت: the subject dropped, or a pronoun glued to لكن, لأن …
        if p >= first and self.keys[p] in _GOING_ON and self.raw[i].startswith(_IMPERFECT_PREFIXES + ("ل",)):
            # ومضى يقول، وعاد ليؤكد: "went on saying", the subject dropped with both verbs, or standing before the
            # first (الوزير مضى يقول)
            return None if self.keys[p][0] in _BARE_CONJUNCTIONS else self._subject_before(p)
        if self._subject_after_relative(i):
            return None  # التعديلات التي يقول إردوغان إنها: the subject follows the verb
        # كلمة أردوغان التي قال خلالها: a relative pronoun the verb does not agree with is no subject; the noun
        # phrase before it may still hold one.
        relative = p >= first and self.keys[p] in _RELATIVES and self._relative_agrees(p, i)
        if relative and p > first and self.keys[p - 1] in _CONJUNCTIONAL_NOUNS:
            return None  # في الوقت الذي أعلن، الأمر الذي يشير: a conjunction or a summary, not a speaker
        resumed = relative and self._resumed(p, i)
        if p >= first and self.keys[p] in _RELATIVES_OR_AND:
            p -= 1  # …المنظمات، والتي تؤكد: the noun the relative clause hangs on
        if p >= first and self.raw[p] in _COMMAS:
            p -= 1
        end = p + 1
        while p >= first and end - p <= _MAX_SUBJECT_BEFORE:
            key = self.keys[p]
            opener = self.open_of.get(p)
            if opener is not None and opener >= first and not self._long_pair(opener):
                p = opener - 1  # أن «يوتيوب» أعلن، شركة "نوكيا" كشفت: a quoted name is (part of) the subject
                continue
            if self.punct[p] or key in lex.clause_restarts or key in lex.complementisers or key in _COORDINATORS:
                break
            if key in _RELATIVES_OR_AND:
                return None
            bare = key[1:] if key[:1] in ("و", "ف") else key
            if key == _MIN and p > first and self.keys[p - 1] in _QUANTIFIERS:
                return self._trim(p - 1, end)  # لكن الكثير من السياسيين يدعون: a part of a group, from its quantity
            if key in lex.temporal or bare in lex.temporal:
                return None  # the words before belong to an adverbial
            if key in lex.discourse or key in lex.source_stop or self._is_cue(p):
                if relative and p + 1 < end and (not resumed or any(map(self._titled, range(p + 1, end)))):
                    break  # وهو ما نفاه الطالب ذاته الذي أكد: a relative pronoun hangs on the noun right before it
                return None  # the words before belong to another clause
            p -= 1
        if end - p > _MAX_SUBJECT_BEFORE:
            return None
        start = p + 1
        while start < end and self.punct[start]:
            start += 1
        if start + 1 < end and self.keys[start] in _GOING_ON:
            start += 1  # وراح الوزير يقول، وظل اللاعبون يقولون: the verb of going on, then its subject
            if self.keys[start] in _DURATIONS or self.keys[start] in lex.temporal or self.keys[start] in _CIRCUMSTANCE_HEADS:
                return None  # وظل طوال اللقاء يؤكد، ومضى في كلمته يقول: how long or where, the subject dropped
        if start < end and len(self.keys[start]) > 4 and (
            self.keys[start][:2] in ("وب", "ول", "وك", "فب", "فل") or self.keys[start].startswith(("بال", "كال", "لل"))
        ):
            return None  # وبهذا البعد توقعوا، بالصورة التي تدعو: a prepositional phrase, not a subject
        if start < end and self._fronted_topic(start):
            return None  # وفيما يتعلق بالمشروع، أوضح: what is spoken about, not who speaks
        if start < end and (_accusative(self.raw[start]) or self.keys[start] in _STANCE_PARTICIPLES):
            return None  # …، منتقداً وضعها الحالي الذي وصف …: a participle's object, the subject of no verb
        if end - start == 1 and (self.keys[start] in _PREPOSITION_PRONOUNS or self.keys[start] in _WHAT_WORDS):
            return None  # وبالتحري معهما، اعترفا …؛ مما أشارت إلى: a preposition with a pronoun, "what": no subject
        return self._trim(start, end) if start < end else None

    def _issuer_of(self, k: int, first: int) -> tuple[int, int] | None:
        """The subject of the verb that issued the statement noun at ``k`` (أصدرت النقابة الأساسية، اليوم، بيانا،
        وألقى الوزير كلمة), found a few words before it, or None."""
        for v in range(k - 1, max(first, k - _MAX_SOURCE) - 1, -1):
            key = self.keys[v]
            if key in _ISSUING_VERBS or (key[:1] in _BARE_CONJUNCTIONS and key[1:] in _ISSUING_VERBS):
                end = self._source_after(v + 1, k)
                while end > v + 1 and (self.punct[end - 1] or self.keys[end - 1] in self.lexicon.temporal):
                    end -= 1
                return self._trim(v + 1, end) if end > v + 1 and self._noun_like(v + 1) else None
            if self._is_cue(v) or self.raw[v] in _TERMINAL:
                return None
        return None

    def _issued_before(self, i: int) -> bool:
        """Whether the verb at ``i`` follows the statement it is said in, as its relative clause: an indefinite noun of
        a statement right before it, or before a time or an adverb (بيانا دعت فيه …، بيانا صباح اليوم دعت فيه …،
        بيانا بالمناسبة دعا فيه …), not a noun of anything else (تدريبات …، طالب فيها المدرب …)."""
        lex = self.lexicon
        p = i - 1
        while p > 0 and i - p <= 3 and (self.keys[p] in lex.temporal or self.keys[p] in lex.adverbs):
            p -= 1
        return p >= 0 and not self.punct[p] and self._saying_noun(p)

    def _saying_noun(self, k: int) -> bool:
        """Whether token ``k`` is an indefinite noun of a statement (بيانا، بلاغا، كلمة، تقريرا، رسالة)."""
        key = self.keys[k]
        bare = key[:-1] if key.endswith("ا") else key
        return not key.startswith("ال") and (bare in self.lexicon.speech_events or bare in _SAYINGS or bare in _REPORT_NOUNS)

    def _demonstrative_phrase(self, k: int, end: int) -> bool:
        """True when هذا / هذه at ``k`` and a definite noun that is no time make a noun phrase (هذه الأنباء), not
        "this" alone (هذا إلى) or a time (هذه المرة)."""
        lex = self.lexicon
        if self.keys[k] not in _NEAR_DEMONSTRATIVES or k + 1 >= end:
            return False
        head = self.keys[k + 1]
        return not (
            not _definite(head) or head in lex.discourse or head in lex.temporal or head in _TIME_NOUNS
            or self._is_complementiser(k + 1) or self._is_cue(k + 1)
        )

    def _demonstrative_object(self, k: int, end: int) -> bool:
        """True when a demonstrative's noun phrase at ``k`` is a pro-drop verb's object: its definite words end the
        clause (ونفت هذه الأنباء.) or a preposition بـ follows them (ووصفت هذه الدعوة بـ«المشبوهة»، اتهم هذه
        المجموعة بتزوير …). A noun phrase going on otherwise is as often the subject (ووصف هذا التقرير الذي صدر …،
        وأكد هذه الحصيلة محمد وارا), so nothing is read then."""
        if not self._demonstrative_phrase(k, end) or self._demonstrative_subject(k, end):
            return False
        j = k + 2
        while j < end and not self.punct[j] and self._definite_at(j) and not self.keys[j] in _RELATIVES_OR_AND:
            j += 1
        return j >= end or self.raw[j] in _TERMINAL or self.raw[j] in _COMMAS or (
            self.keys[j] in _BARE_PREPOSITIONS and self.keys[j].startswith("ب") and j + 1 < end
        ) or self._glued_bi(j)

    def _demonstrative_subject(self, k: int, end: int) -> bool:
        """True when هذا / هذه at ``k``, right after a verb, opens its subject (وأكد هذا المسؤول أن …).

        A demonstrative also opens the verb's object (نفى هذا الخبر، ووصفت هذه الدعوة بـ…) or a time (هذه المرة),
        or stands alone for "this" (يشير هذا إلى أن). So a definite noun that is no time must follow, then only
        definite words, particles, short words and words with ل glued before them (باسم القوات الموالية لهادي،
        عند التحقيق معه، لوكالة), up to what the verb reports: a complementiser, a quotation or a colon, or the
        verb's own preposition (وكشفت هذه المواطنة عن …، ولفتت هذه الدراسة إلى …). Any other word is the
        verb's object (ونبه هذا الخطيب مستمعيه إلى أن، يوضح هذا النقد قلقا، ووصف هذا النوع بـ«الخطير»), and the
        demonstrative opens no subject.
        """
        lex = self.lexicon
        if not self._demonstrative_phrase(k, end) or self.keys[k + 1] in _CLAIM_NOUNS:
            return False  # ونفى هذا الاتهام في تصريح صحفي أن …: the claim denied, not who denied it
        form = lex.forms.get(self.keys[k - 1]) if k > 0 else None
        if form is not None and form.gender == ("m" if self.keys[k] == _THIS_FEMININE else "f"):
            return False  # وأبلغت هذا الوفد أن …: هذا never agrees with a feminine verb, so it is whom she told
        preps = lex.object_prepositions.get(form.lemma, frozenset()) if form is not None else frozenset()
        asks = form is not None and form.lemma in _PERSON_OBJECT_LEMMAS
        j = k + 2
        while j < min(end, k + 2 + _MAX_SOURCE):
            key = self.keys[j]
            if key in preps or self._glued_object(j, preps):
                return True  # وحذر هذا المسؤول من أن …
            if self._introduced_next(j):
                return not asks  # وأبلغت هذه العائلات بأن …: whom a verb tells, then what
            past = j
            if self._saying_at(j):
                past = self._past_saying(j, end)  # وأكد هذا المسؤول في تصريح صحفي أن …
            elif self._addressee_at(j):
                past = self._past_addressee(j, end)  # وقال هذا المسؤول لوكالة فرانس برس إن …
            elif self.raw[j] in _COMMAS and j + 1 < end and (close := self._relative_aside_end(j + 1)) is not None:
                past = close + 1  # وأكد هذا المسؤول، الذي رفض الكشف عن اسمه، أن …
            if past > j:
                j = past
                continue
            if self.punct[j] or self._is_cue(j) or not (
                _definite(key) or key in _NOT_A_SUBJECT or key == _BI_ISM or key.startswith("ل")
                or (len(key) <= 3 and key not in _BARE_PREPOSITIONS)
            ):
                return False
            j += 1
        return False

    def _definite_at(self, k: int) -> bool:
        """Whether token ``k`` reads as definite, its hamza kept: the article is a bare alef, so وألقى، ألغى
        (a verb whose root opens with أ) are not ال words though their matching keys look it."""
        if not _definite(self.keys[k]):
            return False
        raw = self.raw[k]
        stem = raw[1:] if len(raw) > 3 and raw[0] in "وفبكل" else raw
        return stem[:1] not in "أإآ"

    def _person_like(self, k: int) -> bool:
        """Whether the noun phrase at ``k`` can name a speaker: a speaker's head word (a title, an informant, an
        authority), a noun of a person's calling ending in ة or ي (الممثلة، الناشطة، الفنان) or a name (no article),
        not a thing or an event (الزيارة، المساعدات، الأرباح)."""
        if self._speaker_head(k):
            return True
        key = self.keys[k]
        if not key.startswith("ال"):
            # a name: no article and no genitive after it (أسعار الخضر is a construct, ريم أحمد a name)
            return (
                key not in _OBJECT_HEADS and not key.endswith("ات") and not self._owned_noun(k)
                and not (k + 1 < self.n and self._definite_at(k + 1))
            )
        return key[2:] in _PERSON_NOUNS or key[2:].rstrip("ه") in _PERSON_NOUNS

    def _speaker_after_date(self, k: int, end: int) -> bool:
        """Whether a speaker's noun phrase opens at ``k``, after a date and a comma that follow a verb: one headed by a
        speaker's word (وزارة الصحة، رئيس الهيئة …), or a name with a role word in it closed by a comma (عبد الكريم
        عمري مدير جهوي للتجهيز، …); not the verb's object (أعلنت أمس، قطع العلاقات …)."""
        if self.punct[k] or self._is_cue(k) or self._is_complementiser(k) or self.keys[k] in _OBJECT_NOUNS:
            return False
        if self._speaker_head(k):
            return True
        stop = self._source_after(k, end)
        return k < stop < end and self.raw[stop] in _COMMAS and any(self._title_word(m) for m in range(k + 1, stop))

    def _speaker_head(self, k: int) -> bool:
        """Whether the noun phrase at ``k`` opens with a word that names a speaker: a role or title, an informant
        (مصادر، شهود) or an authority (السلطات، الشرطة، وزارة …), not what was announced (الحداد، النتائج)."""
        key = self.keys[k]
        bare = _without_article(key)
        return (
            self._title_word(k) or key in _INFORMANTS or key in _AUTHORITIES or bare in _AUTHORITIES
            or bare in self.lexicon.media or bare in _INSTITUTION_HEADS
        )

    def _role_preposition(self, k: int, start: int) -> bool:
        """Whether the preposition at ``k`` is the one a role participle before it takes (المشرف على، المسؤولة عن،
        القائم العام على): what the speaker is in charge of, part of the speaker's title.

        When the verb takes that preposition itself (كشف عن، أعرب عن، شدد على), it is the verb's (وكشف مسؤول عن
        خطة …، وأعرب المسؤول عن أمله) unless a complementiser comes later in the clause (وأكد المشرف على البرامج
        فلان أن …)."""
        prev = k - 1
        if prev > start and (self.keys[prev] in _ADJECTIVE_OR_TIME or _nisba(self.keys[prev])):
            prev -= 1  # المشرف العام على، السفير الإماراتي لدى
        if _ROLE_PREPOSITIONS.get(self.keys[prev]) != self.keys[k]:
            return False
        if k + 1 < self.n and self.raw[k + 1].endswith(("ه", "ها", "هم", "هما")) and not _definite(self.keys[k + 1]):
            return False  # الممثل المصري لدى وصوله، المبعوث لدى لقائه: "upon", not to whom the role is accredited
        form = self.lexicon.forms.get(self.keys[start - 1]) if start > 0 else None
        if form is None or self.keys[k] not in self.lexicon.object_prepositions.get(form.lemma, ()):
            return True
        for j in range(k + 1, min(self.n, k + 2 * _MAX_SOURCE)):
            if self._is_complementiser(j):
                return True  # وأكد المشرف على قاعة التدريب، فلان، لـ«سبق» أنه …
            if self.raw[j] in _TERMINAL or self._is_cue(j) or self.keys[j] in _NOT_A_SUBJECT:
                return False  # …، وأعرب المسؤول عن أمله في أن …: the verb's object, then its own clause
        return False

    def _fronted_topic(self, k: int) -> bool:
        """Whether a fronted topic opens at ``k``: عن، حول، بشأن، بخصوص، (و)فيما يتعلق / يخص ("as regards").

        حول is also the verb حوّل, "transferred to" (وحول الوزير الملف إلى النيابة): an إلى before any cue or
        punctuation makes it the verb (وحول أحجام السيولة أشار إلى … stays a topic)."""
        key = self.keys[k]
        if key in _AROUND:
            marks = self.lexicon.quote_marks
            for j in range(k + 1, min(self.n, k + 3 * _MAX_SOURCE)):
                if self._is_cue(j) or (self.punct[j] and self.raw[j] not in marks):
                    return True
                if self.keys[j] == _ILA:
                    return False
            return True
        return key in _TOPIC_PREPOSITIONS or self._as_regards(k)

    def _as_regards(self, k: int) -> bool:
        """Whether (و)فيما يتعلق / يخص ("as regards") opens at ``k``."""
        return self.keys[k] in _AS_REGARDS and k + 1 < self.n and self.keys[k + 1] in _CONCERNS

    def _owned_noun(self, m: int) -> bool:
        """A noun of stance or intent with a possessive pronoun at ``m`` (رغبته، دعمها، تمسكهم، استقالته): what a
        speaker confirms, announces or expresses, never part of a name (دراهم، شيوبله end the same way)."""
        raw = self.raw[m]
        for pronoun in ("هما", "هم", "ها", "ه"):
            if raw.endswith(pronoun) and len(raw) > len(pronoun) + 2:
                stem = norm(raw[: -len(pronoun)])
                return stem in _STANCE_NOUNS or (stem.endswith("ت") and stem[:-1] + "ه" in _STANCE_NOUNS)
        return False

    def _subject_after_relative(self, i: int) -> bool:
        """True when verb ``i`` follows a relative pronoun it does not agree with and a noun that can be its subject
        follows it (التعديلات التي يقول إردوغان إنها …، المهاجم الذي قالت تقارير أمنية إنه …): the verb's own subject,
        not the relative's noun (كلمته التي قال خلالها إن … keeps the noun phrase before, خلالها being no subject)."""
        if i < 1 or i + 1 >= self.n or self.keys[i - 1] not in _RELATIVES_OR_AND or self._plural_verb(i):
            return False  # …أمير مكة الذي وصفوا توجيهه: a plural verb's subject is its suffix, never a noun after it
        k = i + 1
        # ووصفه، وصفتها, with the relative's noun in its object pronoun: الهجوم الذي وصفه رئيس الوزراء بأنه …
        pronoun_object = getattr(self.lexicon.forms.get(self.keys[i]), "pronoun_object", False)
        # في الوقت الذي يتوقع فيه الخبراء أن …، التقرير والذي أكد فيه الطبيب أن …: the pronoun of فيه takes up the
        # relative's noun, which is then no subject; the noun phrase after it is.
        resumed = self.keys[k] in _IN_IT
        if resumed:
            k += 1
        elif self.keys[i - 1] not in _RELATIVES and not pronoun_object:
            return False  # (والتي وصفها الأستاذ بأنها …: a verb with its object pronoun, as after التي)
        if k >= self.n:
            return False
        if resumed or self._relative_agrees(i - 1, i):
            start = self._said_subject_before_complementiser(i, k, nominal=resumed or pronoun_object)
            if start is None:
                return False
            k = start
        return (
            self.sentence_of[k] == self.sentence_of[i] and not self.punct[k] and not self._introduced_next(k)
            and self.keys[k] not in _PREPOSITION_PRONOUNS and self.keys[k] not in _NOT_A_SUBJECT and self._name_word_at(k)
        )

    def _said_subject_before_complementiser(self, i: int, k: int, nominal: bool = False) -> int | None:
        """Whether, after a relative pronoun the verb of saying ``i`` agrees with, the words from ``k`` are a noun
        phrase followed at once by the verb's complementiser (أبوابه التي قالت الشرطة إن …، الطاقة الشمسية التي
        توقعت جهات عالمية، أن …): the verb's own subject, the relative's noun being what was spoken about. Not
        for a verb whose object may be a person or a noun phrase (الحكومة التي دعت المواطنين إلى …، التي أكدت
        التزامها بأن …), unless ``nominal`` (after فيه, which leaves the relative's noun no subject)."""
        form = self.lexicon.forms.get(self.keys[i])
        if form is None or form.kind != "verb" or (form.object == "nominal" and not nominal) or (
            form.lemma in _PERSON_OBJECT_LEMMAS and not form.pronoun_object
        ):
            return None  # (a verb with its object pronoun has its object: the noun phrase after it is its subject)
        end = self.sentence_end[self.sentence_of[i]]
        while k < end and (self.keys[k] in self.lexicon.adverbs or self.keys[k] in _COORDINATED_ADVERBS or (
            self.keys[k] in _SELF_WORDS and k + 1 < end and self.keys[k + 1] == _MARRA
        )):
            k += 2 if self.keys[k] in _SELF_WORDS else 1  # الذي قال ذات مرة إنه …، الذي ذكر مرارا وتكرارا بأنه …
        if k >= end:
            return None
        key = self.keys[k]
        if (
            self.punct[k] or self._is_complementiser(k) or key in _FOLLOWING or key in _NOT_A_SUBJECT
            or key.startswith(("بال", "لل", "كال")) or (form.lemma == _I_TABARA and not form.pronoun_object)
        ):
            return None  # الذي استدرك بالتوضيح أن …، الذي صرح عقب اللقاء بأن …، التي تعتبر مهمة …: no speaker after the verb
        stop = self._source_after(k, end)
        if stop <= k or stop >= end:
            return None
        if self.raw[stop] in _COMMAS and stop + 1 < end:
            stop += 1
        return k if self._is_complementiser(stop) else None

    def _relative_agrees(self, relative: int, i: int) -> bool:
        """Whether verb ``i`` agrees with the relative pronoun before it, so that the pronoun is its subject.

        A feminine pronoun stands for a feminine noun or a plural of things, a masculine one for a masculine
        noun or a plural of people; a verb of another gender or number has its own subject (الدورة التي قال
        إنها ستكون مختلفة، الحملة التي وصفوا فيها).
        """
        form = self.lexicon.forms.get(self.keys[i])
        if form is None or form.gender is None:
            return True
        pronoun, verb = self.keys[relative], self.keys[i]
        if pronoun in _PLURAL_RELATIVES:
            # تساءلوا: a past plural whose ت reads as a present's prefix; طالبن: a feminine plural
            return verb.endswith(("وا", "ون")) or (pronoun in _FEMININE_RELATIVES and verb.endswith("ن"))
        return not self._plural_verb(i) and (form.gender == "f") == (pronoun in _FEMININE_RELATIVES)

    def _titled(self, k: int) -> bool:
        """Whether token ``k`` is a role noun or a title (وزير، السيد): a word that names whoever holds it."""
        return self.keys[k] in self.lexicon.roles or self.keys[k] in self.lexicon.titles

    def _resumed(self, relative: int, i: int) -> bool:
        """المشروع الذي قال إنه يمثل …: the complementiser's pronoun takes up the relative's noun, which is then
        what was spoken about as often as the speaker (الوزير الذي قال إنه سيستقيل): only a noun phrase holding
        a role or title is then read as the speaker."""
        k = i + 1
        if k >= self.n or self.keys[k] not in self.lexicon.complementisers:
            return False
        key = self.keys[k]
        if self.keys[relative] in _FEMININE_RELATIVES:
            return key.endswith("ها")
        return key.endswith("ه") and not key.endswith("ها")

    def _fronted_subject(self, i: int) -> tuple[int, int] | None:
        """The noun phrase between أنّ (إلا أن، غير أن، لأن، لكن …) or كان and verb ``i``: its subject, before it.

        These particles must be followed by a noun, so the words between one of them and the verb are the
        verb's subject (…إلا أن الوثائق التي حصلت عليها "بي بي سي" كشفت للمرة الأولى عن…), and what
        follows the verb is its object or an adverbial, not a subject in verb-subject order.
        """
        verb = self.keys[i]
        if verb[:1] in _BARE_CONJUNCTIONS and verb[1:] in self.lexicon.forms:
            return None  # …الوضع صعب وأضاف أن: a verb joined by و or ف opens a clause of its own
        first = max(self.sentence_start[self.sentence_of[i]], i - _MAX_SUBJECT_BEFORE - 1)
        p = i - 1
        while p >= first and self.keys[p] in _QAD_PARTICLES:
            p -= 1
        if p >= first and self.keys[p] in _BUT_WITH_PRONOUN:
            return None  # لكنه أشار: the subject is the pronoun glued to لكن
        end = p + 1
        if p > first and self.raw[p] in _COMMAS:
            return self._fronted_subject_past_apposition(p) or self._fronted_subject_before_comma(p)
        while p >= first:
            opener = self.open_of.get(p)
            if opener is not None and opener >= first:
                if self.inside(opener) > _MAX_QUOTED_NAME:
                    return None  # لكن «لا أحد يعرف ما سيحدث» يقول المحللون: a quotation, not a name
                p = opener - 1  # a quoted name inside the subject: أن شركة "نوكيا" أعلنت، عليها "بي بي سي" كشفت
                continue
            key = self.keys[p]
            if key in _KANA_FORMS:
                before_kana = self.keys[p - 1] if p > first else ""
                if p + 1 >= end and p > first and not (before_kana.endswith("ما") or before_kana in _NOT_A_SUBJECT):
                    # أن الوزارة كانت قد أعلنت: nothing between كان and the verb, its subject stands before كان (not
                    # after ما, بعدما: لما كان قد أعلن is "what he had announced"; the relative pronoun of أن الوزير
                    # الذي كان قد أكد is left out of the subject).
                    end = p - 1 if before_kana in _RELATIVES else p
                    p = end - 1
                    if p > first and self.raw[p] in _COMMAS:
                        # أن مدير عام الامتحانات، عمر الولباني، كان أعلن: a name in apposition before كان
                        return self._fronted_subject_past_apposition(p) or self._fronted_subject_before_comma(p)
                    continue
                # وكان بلاتيني دعا بلاتر إلى الاستقالة: "had" before the subject of a past verb; with nothing
                # between them (وكان قد أعلن) the subject is dropped and another reading applies.
                return self._kana_subject(p + 1, end)
            if key in _NOUN_FIRST:
                if p + 1 >= end or (p > 0 and self.keys[p - 1] in _AN_OF_TIME):
                    return None  # بعد أن أعلن: أن before a verb, "after he announced"
                if self.raw[p] in _AN_BEFORE_VERB and self.raw[p + 1].startswith(_IMPERFECT_PREFIXES):
                    return None  # أن يكون عبد العزيز …: أن before an imperfect verb, "that he be"
                if self.keys[p + 1] in self.lexicon.discourse:
                    return None  # ولكن لماذا اعتقد المستثمرون: a question word or particle, not a noun
                return self._trim(p + 1, end)
            lex = self.lexicon
            if (
                self.punct[p] or self._is_cue(p) or key in lex.complementisers or key in lex.clause_restarts
                or key in _NOT_A_SUBJECT or key in _NOUN_FIRST_WITH_PRONOUN
                or (key in lex.temporal and not (key in _ADJECTIVE_OR_TIME and p > first and self._definite_at(p - 1)))
            ):
                return None
            p -= 1
        return None

    def _complementiser_past_day(self, k: int, end: int) -> bool:
        """True when a complementiser stands at ``k``, or after a day set off by commas there (اليوم الأحد، أن)."""
        k = self._past_day_aside(k, end)
        return k < end and self._is_complementiser(k)

    def _dash_close(self, k: int, end: int) -> int | None:
        """The dash closing a short aside that a dash opens at ``k`` (فلان -والدة …- بـ، فلان – وهو … – إن), or None."""
        if k >= end or self.raw[k] not in _DASHES:
            return None
        for j in range(k + 1, min(end, k + _MAX_RELATIVE_ASIDE + 2)):
            if self.raw[j] in _DASHES:
                return j if j > k + 1 else None
            if self._breaks_phrase(j, commas=False):
                return None
        return None

    def _fronted_subject_before_comma(self, comma: int) -> tuple[int, int] | None:
        """The noun phrase after أنّ that a single comma, at ``comma``, sets off from its verb (يذكر أن قوات حكومة
        الوفاق، كانت أعلنت …، أن رئيس الهيئة شفيق صرصار، دعا مجلس الهيئة إلى …), or None."""
        lex = self.lexicon
        start = self.sentence_start[self.sentence_of[comma]]
        for p in range(comma - 1, max(start, comma - _MAX_SUBJECT_BEFORE - 1) - 1, -1):
            if self.punct[p] or self._is_cue(p) or p in self.open_of or p in self.close_of:
                return None
            key = self.keys[p]
            if key in _NOUN_FIRST:
                if p + 1 >= comma or (p > 0 and self.keys[p - 1] in _AN_OF_TIME):
                    return None
                if self.raw[p] in _AN_BEFORE_VERB and self.raw[p + 1].startswith(_IMPERFECT_PREFIXES):
                    return None
                if self.keys[p + 1] in lex.discourse or self.keys[p + 1] in lex.temporal:
                    return None
                if not (self._person_like(p + 1) or any(
                    self._body_or_group_at(m) or self._speaker_head(m) for m in range(p + 1, comma)
                )):
                    return None  # (…أن المساجد دور عبادة، يرى البعض أن …: a clause of its own, not a speaker)
                v = comma + 1
                while v < self.n and self.keys[v] in _QAD_PARTICLES | _KANA_FORMS:
                    v += 1
                end = self.sentence_end[self.sentence_of[comma]]
                after = self._source_after(v + 1, end) if v + 1 < end else v + 1
                if v + 1 < after < end and self.raw[after] in ("أن", "إن", "ان", "أنّ", "إنّ"):
                    return None  # (وفيما قال الوزير إن الهيئة انتهت، أكد النائب أن …: the verb's subject follows it)
                return self._trim(p + 1, comma)
            if (
                key in lex.complementisers or key in lex.clause_restarts or key in _NOT_A_SUBJECT
                or key in _NOUN_FIRST_WITH_PRONOUN or key in lex.temporal or key in _RELATIVES_OR_AND
            ):
                return None
        return None

    def _fronted_subject_past_apposition(self, comma: int) -> tuple[int, int] | None:
        """The name after أنّ that an apposition set off by commas, closed at ``comma``, separates from its verb
        (يذكر أن محمد جمور، نائب أمين عام الحزب وعضو هيئة الدفاع، قال إن …), or None."""
        start = self.sentence_start[self.sentence_of[comma]]
        opening = comma - 1
        while opening > start and comma - opening <= _MAX_APPOSITION_ASIDE and not self.punct[opening]:
            if self._is_cue(opening) or self._is_complementiser(opening):
                return None
            opening -= 1
        if opening <= start or self.raw[opening] not in _COMMAS or opening == comma - 1:
            return None
        for p in range(opening - 1, max(start, opening - _MAX_APPOSITION - 2) - 1, -1):
            if self.punct[p] or self._is_cue(p):
                return None
            if self.keys[p] in _NOUN_FIRST:
                return self._trim(p + 1, opening) if p + 1 < opening else None
        # أحد الأطباء، الذي التقيناه، قال …: at the sentence's head, a relative clause set off by commas hangs on
        # the subject, which a definite, titled or counted noun opens (a verb opening the sentence is not one).
        # Only where nothing stands between the verb and what was said (else the subject follows the verb: الحادث،
        # الذي وقع فجرا، قال شهود إن …), and not a time (الأسبوع الماضي، الذي …، قال الوزير).
        first, verb = start, comma + 1
        while first < opening and self.punct[first]:
            first += 1
        said_next = verb + 1 < self.n and (
            self._is_complementiser(verb + 1) or self.raw[verb + 1] == ":" or self.raw[verb + 1] in self.lexicon.openers
        )
        if (
            said_next and 0 < opening - first <= _MAX_APPOSITION and self.keys[opening + 1] in _RELATIVES
            and (self._definite_at(first) or self._title_word(first) or self.keys[first] in _QUANTIFIERS)
            and not any(
                self.punct[m] or self._is_cue(m) or self.keys[m] in self.lexicon.temporal or self.keys[m] in _TIME_NOUNS
                for m in range(first, opening)
            )
        ):
            return self._trim(first, opening)
        return None

    def _kana_subject(self, start: int, end: int) -> tuple[int, int] | None:
        """The words between كان and a verb as its subject, when they read as a short noun phrase.

        كان also takes a predicate (كان الداعم الرئيس للمؤشر بعدما قال، كانت هذه الأبحاث قد تمس …): a time
        word, a particle or a long stretch means the verb belongs to another clause.
        """
        lex = self.lexicon
        if end - start > _MAX_KANA_SUBJECT or start >= end:
            return None
        for k in range(start, end):
            key = self.keys[k]
            if key in _QAD_PARTICLES or key in lex.discourse or key in _AN_OF_TIME or key in _TIME_CONJUNCTIONS:
                return None
        if end - start > _MAX_SHORT_KANA_SUBJECT and (
            (start >= 2 and self.keys[start - 2] in _WHETHER)  # وعما إذا كانت الأجهزة الأمنية تلاحق …
            or self.raw[start].startswith(_IMPERFECT_PREFIXES[:3])  # وكان يعقد الاجتماعات …: "used to", no subject
            or any(
                self.keys[k] in _DEGREE_ADVERBS or (self.raw[k].startswith("م") and self.raw[k].endswith("ا") and len(self.raw[k]) >= 5)
                for k in range(start + 1, end)
            )  # وكان المشهد داخل القاعة مؤثرا جدا يقول …: a predicate, then another clause
        ):
            return None
        for k in range(start, end):
            if self.keys[k] in _ASIDE_PRONOUNS:
                return self._trim(start, k)  # كانت سارة وهي مقيمة سورية تقول: the subject, then an aside about it
        return self._trim(start, end)

    def _clause_end(self, start: int) -> int:
        """End (exclusive) of a reported clause: the sentence end, or where the next cue takes over."""
        lex = self.lexicon
        end = self.sentence_end[self.sentence_of[start]] if start < self.n else start
        close = self.enclosing_close(start) if self.quoted and start < self.n else None
        if close is not None:
            end = min(close, self.raw_sentence_end[start])  # a clause reported inside a quotation
        # A text with no sentence end (hostile or broken input) would make every cue scan to its end.
        end = min(end, start + _MAX_CLAUSE)
        # رغم …، إلا أن …: a clause opening with "although" goes on to its main clause after إلا أن / غير أن, which
        # is what was said (وأضاف أنه رغم أن نسبة التعثر متدنية، إلا أن المصارف تتطلع …)
        concessive = start < end and (
            self.keys[start] in _CONCESSIVES
            or (start + 1 < end and self.keys[start] == _ALA and self.keys[start + 1] == _AL_RAGHM)
            or (start + 1 < end and self.keys[start] == _MA_A and self._is_complementiser(start + 1))
        )
        k = start
        while k < end:
            raw = self.raw[k]
            if raw in lex.openers and k in self.close_of:
                close = self.close_of[k]
                if close >= end:
                    end = min(self.sentence_end[self.sentence_of[close]], start + _MAX_CLAUSE)
                k = close + 1
                continue
            if k > start:
                key = self.keys[k]
                form = lex.forms.get(key)
                if form is None and key not in lex.nominal and key not in _CLAUSE_TURNS:
                    k += 1  # a word that is no cue, "but", "although" or "according to" (most of a clause): nothing below ends it here
                    continue
                if form is not None and (form.person != 3 or self._second_between(k)):
                    form = None  # وأسأل الله أن …: the speaker's own voice goes on (… بين التدخين وبين الإصابة: "between")
                elif form is not None and form.kind == "verb" and self._elative_at(k):
                    form = None  # …، وأبرز ما تضمنه: the elative goes on with the clause
                elif form is not None and form.lemma == _RELAY and self._relayed_from(k) is None:
                    form = None  # …، نقل 11339 منهم، ونقل المصابين: carrying goes on with the clause
                elif form is not None and form.purpose and self._purpose_opening(k) is None:
                    form = None  # …، ليؤكد تحقيق المهرجان لأصداء واسعة: "to show" goes on with the clause
                elif form is not None and form.kind != "participle" and form.lemma in _HOMOGRAPH_LEMMAS and not self._speech_ahead(k):
                    form = None  # …ويبلغ من العمر 31 عاما، …، تبلغ 45 مليون ريال، التي وردت إلى مقر الشركة: no saying
                # Only a cue's reading asks whether a comma stands before it (most tokens of a clause are none).
                after_comma = (form is not None or self.keys[k] in lex.nominal) and self._after_comma(k, start)
                if form is not None and form.kind == "participle" and form.gender == "f" and not self._feminine_participle(k, form):
                    form = None  # متابعة، مطالبة: a verbal noun unless a complementiser or the verb's object follows
                if form is not None and (form.clitic or after_comma or (form.kind == "participle" and self._introduces(k))):
                    break
                if after_comma and self._nominal_at(k):
                    break
                if (
                    self.keys[k] in _STANCE_PARTICIPLES and self.raw[k - 1] in _COMMAS and not self.quoted_at_token(k)
                    and not (self.keys[k].startswith(_LOADED) and k + 1 < end and self.keys[k + 1].startswith("ب"))
                ):
                    break  # …خطوة استفزازية للأعوان العموميين، محملا الحكومة مسؤولية تبعات التعيين: the speaker's next act
                if form is not None and form.person == 3 and form.kind != "participle" and self._colon_after_subject(k):
                    # …مكانه، وعن المحترف البرازيلي قال المدرب: … — a new speaker takes over; the aside
                    # opening his clause after the last comma is his, not part of this content.
                    for c in range(k - 1, max(start, k - _MAX_SOURCE) - 1, -1):
                        if self.raw[c] in _COMMAS:
                            k = c
                            break
                    break
                if self.keys[k] in _CONTRAST_HEADS and self._contrast_at(k) and not self.quoted_at_token(k):
                    if concessive:
                        concessive = False  # the main clause of رغم …
                        k += 1
                        continue
                    if self._attributed_ahead(k + 1, end):
                        k += 1  # …إلا أنها لا يمكن أن تكون سياسة ممنهجة للدولة، وفق تعبيره: the speaker's own "but"
                        continue
                    break  # …، إلا أن مكلارين تباهى: the writer's "but" turns away from what was reported
                if self.keys[k] in _CONCESSIVES or (
                    k + 1 < end and self.keys[k] == _ALA and self.keys[k + 1] == _AL_RAGHM
                ):
                    # …أن الحكومة قدمت عدة حلول ولكن رغم المساعي التي بذلتها الدولة إلا أن الطرف المقابل لم يبد …:
                    # "although" inside what was reported goes on to its main clause after إلا أن
                    concessive = True
                if self.keys[k] in _ACCORDING and self._closing_attribution(k, end):
                    break  # …في ظرف أقل من شهر وفق تعبيره.: who said it, closing what was said, not part of it
            k += 1
        end = min(k, end)
        while end > start and (self.punct[end - 1] or self.keys[end - 1] in lex.connectors or self.keys[end - 1] in _TURN_TAKERS):
            end -= 1
        return end

    def _attributed_ahead(self, k: int, end: int) -> bool:
        """True when the clause from ``k`` runs, before ``end`` and any other cue, to a phrase closing it as someone's
        words (…، وفق تعبيره، على حد قوله، حسب نص البيان): who said the clause before it said this one too."""
        for m in range(k, end):
            if self.raw[m] in _TERMINAL:
                return False
            if self.keys[m] in _ACCORDING and self._closing_attribution(m, end):
                return True
            if m > k and self._is_cue(m) and not self._nominal_at(m):
                return False
        return False

    def _told_soon(self, k: int) -> bool:
        """Whether the imperfect يبلغ / تبلغ at ``k`` is أبلغ "informs": whom and what it tells follow at once, a
        complementiser or a colon within a few tokens (ويبلغ الوزير نظيره أن …), with no age (من العمر) nor figure
        (تبلغ قيمته 300 مليون، تبلغ 4 ملايين) in between, which بلغ "reaches" has."""
        for j in range(k + 1, min(self.n, k + 1 + _TOLD_REACH)):
            raw = self.raw[j]
            if raw in _TERMINAL or any(ch.isdigit() for ch in raw) or (self.keys[j] == _AGE and self.keys[j - 1] == _MIN):
                return False
            if raw == ":" or self._is_complementiser(j):
                return True
        return False

    def _speech_ahead(self, k: int) -> bool:
        """True when a complementiser, a colon or a quotation mark follows token ``k`` within a few tokens of its
        sentence (وردت الوزارة بأن …، ورد عليه الوزير قائلا: …): what a verb there would report."""
        openers = self.lexicon.openers
        for j in range(k + 1, min(self.n, k + 1 + _HOMOGRAPH_REACH)):
            raw = self.raw[j]
            if raw in _TERMINAL:
                return False
            if raw == ":" or raw in openers or self._is_complementiser(j):
                return True
        return False

    def _closing_attribution(self, k: int, end: int) -> bool:
        """True when the phrase at ``k`` says whose words the clause before it were and closes it: وفق تعبيره، على
        حد قولها، حسب نص البيان، بحسب المصدر ذاته (then the sentence's end, or a comma)."""
        keys, j = self.keys, k + 1
        if keys[k] == _ALA:
            if not (j < end and keys[j] == _HADD):
                return False
            j += 1
        if j < end and keys[j] == _MA:
            j += 1  # وفق ما قاله
        if j < end and (owner := _saying_owner(keys[j])) is not None:
            j += 1
        elif j < end and keys[j] in _DOCUMENT_WORDS:
            j += 1
            if j < end and keys[j] in _DOCUMENT_WORDS and keys[j - 1] == _NASS:
                j += 1  # حسب نص البيان
            if j < end and keys[j] in _SELF_AFTER:
                j += 1  # المصدر ذاته
        else:
            return False
        # (…والتي أصبحت، على حد تعبيرها، تمثل …: an aside inside the clause, which goes on)
        return j >= end or self.raw[j] in _TERMINAL or self._new_clause_after_comma(j, end) or (
            self.raw[j] in _COMMAS and j + 1 < end and self._is_cue(j + 1)
        )

    def _feminine_participle(self, k: int, form: CueForm) -> bool:
        """True when a feminine participle form at ``k`` (مشيرة، مطالبة) reads as a participle, not a verbal noun.

        A complementiser, a colon or a quotation follows it; or it follows a comma, where a participle describes
        the speaker of the clause before (…، مشيرة إلى أهمية …، داعية الحكومة إلى …) and a verbal noun seldom
        stands, and the verb's preposition opens its object at once or after a short object; or it opens a
        sentence and the preposition follows at once (a sentence going on from the last).
        """
        if form.lemma == _FOLLOW and 0 < k and k + 1 < self.n and self.raw[k - 1] in _DASHES and self.raw[k + 1] == ":":
            return False  # أيمن حسن- سبق- متابعة: …: the byline's "follow-up" (the desk compiled it), nobody speaks
        if self._introduces(k):
            return True
        end = self.sentence_end[self.sentence_of[k]]
        nxt = k + 1
        if 0 < k and self.raw[k - 1] in _COMMAS and nxt < end and self._adverbial_at(nxt):
            # …، مؤكدة في هذا السياق أن …، مضيفة بالمناسبة أن …: a short adverbial, then the complementiser
            for j in range(nxt + 1, min(end, nxt + _MAX_OBJECT_BEFORE_PREPOSITION + 1)):
                if self._is_complementiser(j):
                    return True
                if self.punct[j] or (self._is_cue(j) and not self._saying_at(nxt)):
                    break  # (في تصريحها أن …: where it was said)
        if (
            0 < k and self.raw[k - 1] in _COMMAS and form.lemma in _ACTIVE_FEMININE_NP and nxt < end
            and self._object_at(nxt) and not self._is_cue(nxt) and not self.keys[nxt].endswith(("يا", "ا"))
            and self.keys[nxt] not in self.lexicon.adverbs and self.keys[nxt] not in _THEREBY
        ):
            # …، مؤكدة ضرورة إقرار إصلاحات …، نافية وجود إصابات: after a comma, an active participle (مؤكِّدة, never
            # the "confirmed" of حالات مؤكدة there) with its noun-phrase object, as the masculine مؤكدا ضرورة …
            return True
        preps = self.lexicon.object_prepositions.get(form.lemma)
        if not preps or nxt >= self.n:
            return False
        if self._opens_sentence(k):
            return nxt < end and self.keys[nxt] in preps  # a sentence going on from the last: مشيرة إلى …
        if k == 0 or self.raw[k - 1] not in _COMMAS:
            return False
        return nxt < end and (
            self.keys[nxt] in preps or self._glued_object(nxt, preps) or self._preposition_after(preps, nxt, end) is not None
        )

    def _introduces(self, k: int) -> bool:
        """True when a complementiser, a colon or a quotation mark follows cue ``k`` within two tokens."""
        lex = self.lexicon
        for j in range(k + 1, min(self.n, k + 3)):
            if self._is_complementiser(j) or self.raw[j] == ":" or self.raw[j] in lex.openers:
                return True
            if self.keys[j] not in lex.linking_prepositions:
                return False
        return False

    def _trim(self, start: int, end: int) -> tuple[int, int] | None:
        while start < end and self.punct[start]:
            start += 1
        while end > start and self.punct[end - 1]:
            end -= 1
        return (start, end) if start < end else None

    def _quote_type(self, start: int, end: int, span: Span | None = None) -> str:
        """The type the quotation marks imply, as the gold validator reads them.

        direct when one pair of marks encloses the content (final punctuation left
        out), mixed when the content cuts a quoted part or has a mark in or beside it,
        indirect otherwise. ``span``: the content's characters, ``self.span(start, end)``,
        when the caller has them already.
        """
        implied = quote_type_of(self.text, span if span is not None else self.span(start, end))
        if implied is not None:
            return implied
        marks, raw = self.lexicon.quote_marks, self.raw

        def mark(k: int) -> bool:  # an apostrophe is a mark only where it pairs (not Who's, nor a minute: 67')
            return raw[k] in marks and (raw[k] != "'" or k in self.close_of or k in self.closing)

        window = raw[start:end]
        if not marks.isdisjoint(window) and any(mark(k) for k in range(start, end) if raw[k] in marks):
            return "mixed"
        if (start > 0 and mark(start - 1)) or (end < self.n and mark(end)):
            return "mixed"
        return "indirect"

    def _verbal(self, i: int, form: CueForm) -> _Candidate | None:
        """The quote a reporting verb, participle or verbal noun at token ``i`` introduces, if any.

        After the cue: the speaker's noun phrase (verb-subject order), then the verb's own
        preposition and its object for the verbs the lexicon gives one (دعا إلى …), else
        within a short gap a complementiser, a colon or a quotation; failing those, a
        noun-phrase object for the verbs that take one. The source is left None for
        pro-drop, resolved later.
        """
        lex = self.lexicon
        if self._noun_after_preposition(i, form) or (form.kind == "verb" and self.raw[i][-1] in _TANWEEN):
            return None  # في رده، حذرٌ: a noun of the verb's letters (nunation marks a noun or an adjective)
        if form.kind == "verb" and self._elative_at(i):
            return None  # من أبرز ملامح النظام، وأبرز التحديات: the elative, not the verb
        relayed = self._relayed_from(i) if form.lemma == _RELAY else None
        if form.lemma == _RELAY and relayed is None:
            return None  # ونقل الجرحى إلى المستشفى: carried, not reported
        if form.pronoun_object and not self._pronoun_object_reports(i):
            return None  # وصفة طبية: a noun; ما وصفه بـ"…": what he called it (see _what_was_called)
        if self.keys[i] in _LINKED_MASDARS and not self._linked_masdar(i):
            return None  # لكنه بالتأكيد يعبر عن …: the adverb "certainly"; إشارتها الخضراء: a signal
        sid = self.sentence_of[i]
        sentence_end = self.sentence_end[sid]
        expressed = self._expressed_at(i, sentence_end) if form.lemma == _EXPRESS else None
        if form.lemma == _EXPRESS and expressed is None:
            return None  # عبر الإنترنت، تحدث عبر الهاتف عن …: the preposition, not عبّر عن
        nxt = i + 1
        before = self.keys[i - 1] if i > 0 else ""
        past_event = before == _COMPLEMENTISER_AN and form.perfect and i > 1 and self.keys[i - 2] in _AN_OF_TIME
        if before in _CAUSING_WHAT and form.lemma == _DA_A and not (nxt < self.n and self._is_complementiser(nxt)):
            return None  # وارتفعت الأسعار مما دعا الحكومة إلى التدخل: what prompted it, nobody's words
        if (
            before in _CAUSING_WHAT and form.kind == "verb" and not form.perfect and form.lemma in _SHOWING_LEMMAS
            and self.keys[i].startswith("ي") and not (i > 1 and self.keys[i - 2] in _ACCORDING_BEFORE_WHAT)
            and not (nxt < self.n and self.keys[nxt] in _WHAT_PRONOUN_PREPOSITIONS)
        ):
            return None  # …، مما يؤكد أن النتائج باتة، وهو ما يشير إلى …: what the facts show, nobody's words
        if self._named_at(i, form):
            return None  # شخص آخر يدعى "طلال"، شركة تدعى …: the passive "is named" (يُدعى), not يدّعي "claims"
        if form.lemma == _INFORM and not form.perfect and form.kind == "verb" and not self._told_soon(i):
            # شاب يبلغ من العمر 27 سنة، الذين تبلغ أعمارهم، قيمة العقد تبلغ 4 ملايين، تبلغ قيمته 300 مليون: بلغ
            # "reaches" (an age, a sum), not أبلغ "informs"
            return None
        if before in _NOT_REPORTING and not past_event:
            # أن يذكر، لم يذكر: a subjunctive or negated verb reports nothing; after أن a
            # perfect is past (بعد أن كشف المدرب عن أن …) and does report.
            return None
        impersonal = self.keys[i] in lex.impersonal or (self.keys[i][:1] in ("و", "ف") and self.keys[i][1:] in lex.impersonal)
        if impersonal:
            # يذكر أن / يشار إلى أن: the journalist's passive voice, nobody is quoted.
            k = nxt + 1 if nxt < self.n and self.keys[nxt] in lex.linking_prepositions else nxt
            if k < self.n and self._is_complementiser(k):
                return None
        if self._is_bi_masdar(i) and self._verb_opens_clause(i):
            return None  # وعلق الوزير بالقول: …: the verb is the cue, بالقول only leads to the quotation
        if self.keys[i] in _LINKED_MASDARS and self.keys[i].startswith(_BI_AL) and (
            i == self.sentence_start[self.sentence_of[i]] or self.punct[i - 1] or self.keys[i - 1] in _WORTH
        ):
            # بالتأكيد أن …، بالإشارة إلى أن … opening a clause: the adverb "certainly", "with reference to" (and
            # الجدير بالإشارة أن "it is worth noting"); the verbal noun reports only after the verb whose subject
            # speaks (واختتم كلمته بالتأكيد على أن …)
            return None
        if form.person != 3:
            # أعتقد أن، أوضحنا أن: the writer's (or a quoted speaker's) own voice, or the reader's, reports nobody's speech.
            return None
        if (
            form.first_person_too and i > 0
            and (self.punct[i - 1] or self.keys[i - 1] in self.lexicon.connectors or self.keys[i - 1] in _COORDINATORS)
            and self.quoted and self.enclosing_close(i) is not None and self._introduces(i)
        ):
            # «اعتقد أن …»: opening a clause inside a quotation with no subject before or after it, a form
            # that also reads as first person is the quoted speaker's own "I think", not a new report.
            return None
        after_relative = before in _RELATIVES_OR_AND or (before in _QAD_PARTICLES and i > 1 and self.keys[i - 2] in _RELATIVES_OR_AND)
        if after_relative and nxt == i + 1 and self._subject_after_relative(i):
            after_relative = False
            if self.keys[nxt] in _IN_IT:
                nxt += 1  # الذي يتوقع فيه الخبراء أن …: the speaker after the relative's pronoun
        referred = nxt < sentence_end and self.keys[nxt] in _PRONOUN_OBJECTS
        if referred:
            nxt += 1  # أعلنت عنه الشركة: "announced it", what was said stands elsewhere
        elif nxt < sentence_end and self._addressee_at(nxt):
            nxt = self._past_addressee(nxt, sentence_end)  # يقول للمسؤولين …، قال لصحيفة …: the addressee, not the speaker
        elif (past_name := self._quoted_addressee_end(nxt, sentence_end)) is not None:
            nxt = past_name  # وأكد لـ"الرياض" الوزير: the newspaper spoken to, a quoted name
        adverb_skipped = False
        while nxt < sentence_end and not self._is_cue(nxt) and (
            self.keys[nxt] in lex.adverbs or (self.keys[nxt] in _TIME_ADJECTIVES and self.keys[nxt - 1] in lex.temporal)
            or self.keys[nxt] in _ADVERBIAL_PRONOUNS or self.keys[nxt] in _IN_TURN
        ):
            adverb_skipped = adverb_skipped or (self.keys[nxt] in lex.adverbs and self.keys[nxt] not in lex.temporal)
            nxt += 1  # نفى علنا، أكد مجددا، أعلن الأسبوع الماضي: an adverb between the verb and its subject
        if (
            form.kind == "verb" and not after_relative and nxt > i + 1 and nxt + 1 < sentence_end
            and self.raw[nxt] in _COMMAS and self.keys[i + 1] in lex.temporal and self._speaker_after_date(nxt + 1, sentence_end)
        ):
            nxt += 1  # أكد اليوم الثلاثاء، عبد الكريم عمري مدير جهوي للتجهيز بجندوبة، انقطاع …: the date, a comma, the speaker
        elif (
            form.kind == "verb" and not after_relative and nxt == i + 1 and nxt < sentence_end and self.raw[nxt] in _COMMAS
            and self._verb_opens_report(i) and (past_comma := self._subject_past_comma(nxt, sentence_end, form)) is not None
        ):
            nxt = past_comma  # وقال، سامي بوزيد، رئيس الجمعية، إن …، وأكد، من جهته، الوزير أن …: the speaker past the comma
        # A verb agreeing in the plural (قالوا، يطالبون) has its subject in the suffix: in verb-subject order
        # Arabic keeps the verb singular, so the noun phrase after a plural verb is its object.
        # After أنّ and its sisters the subject stands before the verb (…غير أن الشركة طالبت تونس…).
        fronted = self._fronted_subject(i) if form.kind == "verb" and not after_relative else None
        no_subject_after = self._plural_verb(i) or fronted is not None
        object_first = nxt < sentence_end and (
            self.keys[nxt] in _OBJECT_NOUNS or self.keys[nxt] in _BARE_OBJECT_NOUNS
            or self._continued_object(i, nxt, sentence_end) or self._stance_object(nxt)
            or (form.lemma in _PERSON_OBJECT_LEMMAS and self._asked_first(i, nxt, form))
        )
        # وذكر بالمناسبة ببعض تفاصيل العملية: after an adverb a glued بـ opens the object, the subject is dropped.
        object_first = object_first or (adverb_skipped and nxt < sentence_end and self._glued_bi(nxt))
        if form.kind in ("participle", "masdar") or after_relative or no_subject_after or object_first:
            # the subject is elsewhere; what follows is the object (وأكد ضرورة التعامل …)
            source_end = nxt
        else:
            source_end = self._source_after(nxt, sentence_end)
        asks = form.lemma in _PERSON_OBJECT_LEMMAS
        names = True
        while source_end > nxt and (
            apposition := self._apposition_end(nxt, source_end, sentence_end, asks, names)
        ) is not None:
            source_end = apposition  # أكد مدير البنك، أحمد كرم، دعم …: the name or title set off by commas is the speaker's
            names = False
        source = (nxt, source_end) if source_end > nxt else None
        if (
            source is not None and source_end < sentence_end and self.raw[source_end] in lex.brackets
            and source_end in self.bracket_close and self.inside(source_end) <= _MAX_QUOTED_NAME
        ):
            source_end = self.bracket_close[source_end] + 1  # النائب فلان (كتلة الحزب) بـ…: who speaks, in brackets
        elif source is not None and (close := self._dash_close(source_end, sentence_end)) is not None:
            source_end = close + 1  # وطالبت أم مبارك -والدة مصاب بالتوحد- بإيجاد …: who speaks, between dashes
        honorific = source is not None and self.keys[nxt] in lex.honorifics
        if honorific:
            # وأكد سموه: a title pronoun standing for the dignitary the article opened with.
            source, source_end = None, nxt + 1
        content: tuple[int, int] | None = None
        preps = main_preps = lex.object_prepositions.get(form.lemma)
        careful_bi = False
        far_reading = False  # whether the verb's preposition may stand past the speaker's phrase as read
        if (fallback := lex.fallback_prepositions.get(form.lemma)) and not self._complementiser_ahead(i):
            # أفاد المرصد بمقتل …، صرح الوزير بوجود …; but أفاد المدير العام بوزارة الخارجية أن …: with a
            # complementiser to come, a glued بـ is where the speaker works or is.
            careful_bi = "ب" in fallback and "ب" not in (preps or ())
            preps = (preps or frozenset()) | fallback
        if (
            source is not None and not preps and form.lemma in _DESCRIBING_OR_ACCUSING and not impersonal and not referred
            and source_end < sentence_end
            and any(
                self.keys[m] in _BI_ANNA or self._glued_bi(m)
                for m in range(source_end, min(sentence_end, source_end + _MAX_OBJECT_BEFORE_PREPOSITION))
                if not any(self.punct[x] for x in range(source_end, m))
            ) and not any(self.keys[m] in _BI_ANNA or self._glued_bi(m) for m in range(source[0], source_end))
        ):
            # ووصف المسؤولون الروس الانفجار بأنه …، ووصف رئيس المجلس محمد الناصر التصويت بـ…: a verb of describing
            # (no preposition of its own) with its object inside what was read as its subject, then بأن or بـ; what
            # was said is looked for past the object as before
            for k in range(source[0] + 1, source_end):
                if self._object_after_speaker(k, source[0]) or self._second_noun_phrase_asked(k, source[0]):
                    source = (source[0], k)
                    break
        if preps and not impersonal and not referred:
            # A bare form that is also a noun, after a noun: إيقاف طالب يدرس بإحدى الكليات is a student.
            reads_object = self.keys[i] not in _NOUN_HOMOGRAPHS or self._opens_clause(i)
            cut = self._object_start(source, source_end, sentence_end, preps, careful_bi, asks) if source is not None else None
            if cut is not None and cut > source[0] and source_end < sentence_end and self.keys[source_end] in _BI_ANNA:
                # ووصف المسؤولون الروس الانفجار بأنه عمل إرهابي: the object ends the subject, what was said follows بأن
                source, source_end = (source[0], cut), cut
            elif cut is not None:
                # وطالب النائب بفتح تحقيق، دعا الوزير جميع المواطنين إلى …: the object ends the subject.
                source, source_end = ((source[0], cut) if cut > source[0] else None), cut
                start = cut + 1 if self.keys[cut] in preps else cut  # a separate preposition stays outside (حذر من)
                if reads_object and start < sentence_end and not self._is_complementiser(start):
                    stop = self._clause_end(start)
                    content = (start, stop) if stop > start else None
            elif reads_object and form.object == "nominal" and (split := self._object_in_source(source)) is not None:
                # أعلن تنظيم داعش مسؤوليته عن الهجوم: the preposition belongs to the noun phrase the split opens
                source, source_end = (source[0], split), split
                stop = self._clause_end(split)
                content = (split, stop) if stop > split else None
            elif reads_object:
                content = self._prepositional_object(
                    preps, source_end, sentence_end,
                    object_first=source is None and (form.kind == "participle" or no_subject_after or object_first),
                    after_subject=source is not None,
                )
                far_reading = content is None and source is not None and form.kind == "verb" and not after_relative
            if careful_bi and content is not None and (
                content[1] - content[0] < 2 or self._place_or_body_bi(content[0])
            ):
                content = None  # وأفاد مصدر أمني بولاية القصرين.: where the speaker is, not what was reported
        if content is None and object_first and form.object == "nominal" and not impersonal and not referred:
            # وأكد ضرورة أن يكون …، مؤكدين أهمية تحري الدقة، وبخاصة أن …: the object noun opens what was said, a
            # complementiser after it belongs to it (as شدد على أهمية أن …)
            stop = self._clause_end(nxt)
            content = (nxt, stop) if stop > nxt else None
        if content is None and form.object != "colon" and (k := self._complementiser_past_relative(source_end, sentence_end)):
            # وقالت الشرطة التي كشفت عن هوية المشتبه به إن …: a relative clause on the speaker, its own verb and
            # object, then the complementiser of this verb; the relative verb's object ends before it (quotes()).
            stop = self._clause_end(k + 1)
            if stop > k + 1:
                content = (k + 1, stop)
                self._past_relative.append((source_end, k))
        j = source_end
        aside = False
        # وأضاف العنابي اثر جلسة استماع له من قبل لجنة … أن …: after "following", a long adverbial may come first
        gap = 2 * _MAX_GAP if source_end < self.n and self.keys[source_end] in _FOLLOWING else _MAX_GAP
        limit = min(self.n, source_end + gap)
        if form.kind == "participle":
            # مشيرا إلى أن، مطالبا زميله بأن: a participle has no subject, only a short object or a preposition.
            # A feminine one (متابعة، مطالبة) is mostly a verbal noun unless the complementiser follows at once.
            if form.gender == "f" and not self._feminine_participle(i, form):
                return None
            limit = min(limit, source_end + _MAX_PARTICIPLE_GAP)
        dated_end = self._past_date(source_end, sentence_end)
        quoted_term: tuple[int, int] | None = None
        writers_clause = False
        while content is None and j < limit:
            raw = self.raw[j]
            if j >= sentence_end and not (raw in lex.openers and j == source_end):
                break
            if raw == "(" and j > source_end and (named := self._bracket_end(j)) is not None:
                j = named  # لشبكة (سي.إن.إن) إن …: a name in brackets, its letters no complementiser
                continue
            if j in self._withheld:
                j = self._withheld[j]  # وقال مسؤول طلب عدم ذكر اسمه لوكالة فرانس برس إن …: who would not be named
                continue
            complementiser = self._is_complementiser(j)  # asked once: three tests below need it
            if complementiser and j + 1 < limit and self.keys[j + 1] == self.keys[j]:
                # لشبكة سي إن إن إن …، لشبكة سي إن إن الإخبارية أن …: the letters of a name
                j += 2 if j > 0 and self.keys[j - 1] in _SEE else 1
                continue
            if complementiser and j > source_end and self.keys[j - 1] in _WRITERS_CONJUNCTIONS:
                writers_clause = True
                break  # …، كما أن …، حيث إن …: the writer's own clause; no complementiser of this verb comes after it
            if complementiser:
                if j + 1 < self.n and self.raw[j + 1] == ":":
                    content = self._after_colon(j + 2, form)  # وردت اللجنة أنّ: "…": the colon introduces it
                elif j + 1 < self.n and form.object != "colon":
                    end = self._clause_end(j + 1)
                    if end > j + 1:
                        content = (j + 1, end)
                break
            if raw == ":":
                content = self._after_colon(j + 1, form)
                break
            if aside and raw in lex.openers and j in self.close_of and self.inside(j) <= _MAX_QUOTED_NAME:
                j = self.close_of[j] + 1  # وفقا لصحيفة «ديلي تلغراف»: a name inside the aside, not what was said
                continue
            if (
                raw in lex.openers and self._long_pair(j)
                and not (j > source_end and self.keys[j - 1] in lex.source_stop)
                and not self._name_in_gap(self.close_of[j])
                and not ((j > source_end or self.keys[j - 1].startswith("ل")) and self._outlet_name(j))
                and not self._complementiser_follows(self.close_of[j])
                and not self._station_quoted(j)
            ):
                if not form.colon and form.lemma not in _CHARACTERISING and form.lemma != _RAA and self._quoted_term(j, source_end):
                    # a name inside the verb's object phrase: what was said only if no other reading is found and
                    # only a verbal noun, the verb's object, stands before it (حصول "ملكية فكرية ثمينة"، بإبداء "أقصى
                    # درجة من السخاء"; not في كتابه "أبو الهول الفارسي")
                    after_speaker = source_end + (source_end < j and self.raw[source_end] in _COMMAS)
                    before = self.keys[j - 1]
                    bare = before[1:] if before[:1] in ("ب", "ل") else before
                    bare = _without_article(bare)
                    if (
                        quoted_term is None and j - after_speaker <= 4 and not any(self.punct[m] for m in range(after_speaker, j))
                        and not self._adverbial_at(after_speaker) and (_masdar_like(bare) or _fuul(bare))
                    ):
                        quoted_term = (j + 1, self.close_of[j])
                    j = self.close_of[j] + 1
                    continue
                content = (j + 1, self.close_of[j])
                break
            if raw in lex.brackets and self.inside(j) > _MIN_DIRECT_TOKENS and (
                j == source_end or (
                    self._addressee_at(source_end) and self._addressee_end(source_end, sentence_end) == j
                    and self._bracket_end(j) is None  # (لشبكة (سي.إن.إن): a name, not speech)
                )
            ):
                # وقال المدرب (الفوز هدفنا)، وقال الوزير للصحفيين (لن نتراجع عن القرار): brackets as quotation marks
                content = (j + 1, self.bracket_close[j])
                break
            if raw in lex.openers and j in self.close_of:
                j = self.close_of[j] + 1  # a quoted name or title inside the gap: في «بي في إم أويل»
                continue
            # Whether a cue stands here, asked once: a participle's aside, else the next clause's cue, needs it.
            cue_here = not aside and j > nxt and self._is_cue(j)
            if cue_here and (close := self._participle_aside_end(j, after_speaker=j == source_end)) is not None:
                j = close + 1  # قال الشاهد، معلقا على خبر استقالته، إنه …: a participle's aside; إن is the verb's
                continue
            if not aside and j > nxt and (close := self._relative_aside_end(j)) is not None:
                j = close + 1  # وأوضح الخبير، الذي يكتب بمدونة، أن …: a relative clause on the speaker; أن is the verb's
                continue
            if not aside and (j == source_end or self.raw[j - 1] in _COMMAS or j == dated_end) and self._nominal_at(j):
                # وذكرت رويترز نقلا عن مصادر أن …، وأعلنت الشرطة، وفقا للوكالة، أن …، وذكرت الصحيفة أمس استنادا إلى
                # مديرة أعماله أن …: a chain of attribution set off as an aside (or after when it was said); the
                # speaker nearest the verb keeps the quote, as the guidelines ask.
                aside = True
            elif aside and raw in _COMMAS:
                aside = False
            elif raw in _TERMINAL or (cue_here and not self._is_bi_masdar(j) and not self._saying_masdar(j)):
                break
            j += 1
        if content is None and (opened := self._unclosed_quotation(source_end, sentence_end)) is not None:
            content = opened  # وقال الهمامي " لا أعتقد أن هذه المحاولة ستنجح.: a quotation whose closing mark is lost
        if (
            content is None and writers_clause and source is not None and i >= 1 and self.keys[i - 1] in _AS_OPENERS
            and i - 1 == self.sentence_start[sid]
        ):
            # وكما تشير التقارير هناك اثنان من البنوك …، كما أن …: "as the reports say", then what they say, up to the
            # sentence's end
            start = source_end + 1 if self.raw[source_end] in _COMMAS else source_end
            stop = self._clause_end(start)
            content = (start, stop) if stop > start else None
        if content is None and j >= limit and form.kind == "verb" and form.object != "colon":
            # (… or على هامش ندوة …: the occasion it was said on, as long as it may run: قال فلان على هامش ندوة تكوينية
            # نظمتها اليوم الجامعة العامة … إنه …)
            saying = any(self._saying_at(m) or self._margin_at(m) for m in range(source_end, j))
            content = self._after_aside(j, min(sentence_end, source_end + _MAX_ASIDE_GAP), saying)
        if content is None and source is not None and form.kind == "verb" and (
            form.lemma in _AS_SAID_VERBS
            or (form.lemma in _AS_ANNOUNCED_VERBS and form.object != "nominal")
            or (
                form.lemma in _AS_ANNOUNCED_VERBS
                and (self._speaker_head(source[0]) or (source[1] - source[0] == 1 and not self._definite_at(source[0])))
                and all(_nisba(self.keys[m]) or not self._definite_at(m) for m in range(source[0] + 1, source[1]))
            )
        ):
            # Only a verb of saying: after كما تعهد the noun phrase may be what was pledged, and كما mean "also";
            # a verb of announcing only when a speaker's noun phrase ends the sentence (…، كما أعلنت السلطات
            # المحلية.), not what was announced (كما أعلن الحداد الرسمي) nor a speaker and its object (كما أعلنت
            # الوزارة النتائج).
            content = self._as_said(i, source_end, sentence_end)
        far = (
            self._preposition_past_speaker(
                main_preps, source, sentence_end, nominal=form.object == "nominal"
            ) if content is None and far_reading and main_preps and source is not None and not impersonal and not referred
            else None
        )
        if content is None and form.object == "nominal" and not impersonal and not referred:
            found = self._nominal_object(i, form, source, source_end, after_relative or honorific)
            if found is not None:
                source, content = found
            elif far is None and quoted_term is None:
                return None
        if content is None and far is not None and (stop := self._clause_end(far + 1)) > far + 1:
            # أشار الدكتور فلان مستشار الترميم في هيئة البحرين للثقافة والآثار إلى …، حذر الباحث المتخصص في شؤون
            # الحركة، فلان، من …: the speaker's phrase runs on past where its reading stopped (a field, a body, a
            # relative clause), then the verb's own separate preposition opens what was said (last, after a
            # complementiser or a noun-phrase object).
            content = (far + 1, stop)
        if content is None:
            content = quoted_term  # ويتوقع المحلل حصول "ملكية فكرية ثمينة" للشركات: the quoted words, at least
        if content is None:
            return None
        content = self._trim(*content)
        if content is None:
            return None
        if form.lemma in _AT_ONCE_LEMMAS and not self._complementiser_at_once(source_end, content[0]):
            return None  # وأصر على قبولها ولم يكن …، فإنه …: a deed insisted on; the complementiser is another clause's
        if expressed is not None and (content[0] <= expressed or not self._expressed_clause(*content)):
            # عبّر reports only what its عن opens, and only a clause or a quotation there (عبر عن أمله في أن …، عبر
            # عن رفضه "…"): a feeling alone (عبر عن ارتياحه للنتائج) is no report of words.
            return None
        opening = content[0] - 1 if content[0] > 1 and self.raw[content[0] - 1] in lex.openers else content[0]
        if form.pronoun_object and not (
            opening > 0 and self.keys[opening - 1] in lex.complementisers
            and (source is None or self.keys[source[0]] not in _BARE_PREPOSITIONS)
        ):
            return None  # ووصفه بـ"…": a label, not a clause; only ووصفوه بأنه …، أخبرته أن … report one
        if form.lemma == _SHOW and form.kind == "verb" and not form.perfect and self._appears_not_shows(i, opening, form):
            return None  # كما يظهر أن …، يظهر فيه …، تظهر عليه …: يَظهر "appears", not يُظهر "shows"
        if form.lemma == _ALLEGE and form.kind == "verb" and not form.perfect and self._alleged_at(i):
            return None  # 379 شخصا يزعم أنهم أعضاء …، ويزعم أن …: the passive يُزعم "allegedly", nobody's claim
        if relayed is not None:
            if content[0] < relayed[1]:
                return None
            source = relayed  # ونقلت رويترز عن الشرطة أن …: the police said it; the agency only passes it on
            self._relayed_cues.add(i)
        if source is not None:
            source = self._trim(*source)
        if source is not None and content[0] >= source[1] and source[1] - source[0] > 1 and self._owned_noun(source[1] - 1):
            # وأكد رئيس الوزراء الإسرائيلي ثقته بأن "…": what he is sure of follows the complementiser; his "trust" is
            # no part of his name
            source = self._trim(source[0], source[1] - 1)
        if source is None and fronted is not None and not form.purpose:
            source = fronted
        if form.purpose:
            # وعاد الوزير ليؤكد أن …، اتصل بنا ليقول إن …: "to say" reports only a clause its complementiser (or a colon,
            # a quotation) opens, and not after "came" (وجاء فوز الفريق ليؤكد أن …: what shows, nobody's words)
            opening = self._purpose_opening(i)
            if opening is None or content[0] not in (opening + 1, opening + 2) or any(self.keys[m] in _CAME_TO for m in range(max(self.sentence_start[sid], i - _MAX_SUBJECT_BEFORE), i)):
                return None
            # no speaker after it (ليوضح له المخرج أن … is rare; ليؤكد سنة كونية هي: أن … is its object)
            source = self._subject_before(i) if i > 0 and self.keys[i - 1] in _GOING_ON else None  # (وعاد ليؤكد)
            # else the subject of the verb the purpose clause depends on (:meth:`_resolve`)
            return _Candidate((i, i + 1), content, source, form.gender, "verb" if source is not None else "purpose", sid)
        if source is None and form.kind == "verb" and not form.clitic:
            source = self._subject_before(i)
        if source is None and honorific:
            source = self._honoured_before(i, self.keys[nxt]) or self._lead_subject()
        if form.kind == "masdar":
            source = self._reported_from(i) or self._clause_subject(i)
            if source is not None and self.keys[source[0]] in lex.speech_events:
                source = None  # واختتم حديثه بقوله: the talk, not the speaker (pro-drop, resolved later)
        if form.kind == "verb" and form.lemma in _SHOWING_LEMMAS and (
            (source is not None and self._event_shows(*source))
            or (source is None and not form.clitic and self._event_before(i))
        ):
            # هذه الحادثة الأليمة تؤكد أن …، ويؤكد هذا الأمر على …، ملاحظا أن هذا الإجراء يؤكد حرصها على …: what an
            # event shows, nobody's words (a masculine subject before the verb is not read as its source, so a speaker
            # would be resolved for it)
            return None
        return _Candidate((i, i + 1), content, source, form.gender, form.kind, sid)

    def _event_shows(self, start: int, end: int) -> bool:
        """Whether the tokens ``start``–``end`` are a demonstrative, a noun of an event, a deed or a thing seen
        (:data:`_SHOWING_EVENTS`) and only definite adjectives after it (هذه الحادثة الأليمة، وهذا القول، تلك
        العمليات العسكرية): the subject of a verb of showing that no one speaks through."""
        key = self.keys[start]
        if key[:1] in ("و", "ف") and key[1:] in _DEMONSTRATIVES_AND_THOSE:
            key = key[1:]
        if key not in _DEMONSTRATIVES_AND_THOSE or end - start < 2 or self.keys[start + 1] not in _SHOWING_EVENTS:
            return False
        lex = self.lexicon
        return all(
            self._definite_at(m) and not self.punct[m] and self.keys[m] not in lex.titles and self.keys[m] not in lex.roles
            and not self._is_cue(m)
            for m in range(start + 2, end)
        )

    def _event_before(self, i: int) -> bool:
        """Whether the verb at ``i`` has right before it (past a قد) a demonstrative's noun phrase of
        :meth:`_event_shows` opening its clause: at the sentence's start, after a complementiser or a punctuation
        mark, or glued to و (هذا الأمر يشير إلى …، أن هذا الإجراء يؤكد …، وهذا القول يؤكد …)."""
        end = i - 1 if i > 0 and self.keys[i - 1] in _QAD_PARTICLES else i
        for start in range(end - 2, max(-1, end - 6), -1):
            if self.punct[start]:
                return False
            key = self.keys[start]
            glued = key[:1] in ("و", "ف") and key[1:] in _DEMONSTRATIVES_AND_THOSE
            if key in _DEMONSTRATIVES_AND_THOSE or glued:
                if not self._event_shows(start, end):
                    return False
                sid = self.sentence_of[start]
                return (
                    glued or start == self.sentence_start[sid] or self.punct[start - 1] or self._is_complementiser(start - 1)
                )
        return False

    def _damma_opens(self, i: int) -> bool:
        """Whether token ``i`` is written with a damma in its first three characters, its tatweel and invisible marks
        passed over (يُزعم، يـُظهر: the passive or form IV, which unvoweled spellings leave open)."""
        return "\u064f" in remove_invisible(remove_tatweel(self.written[i]))[:3]

    def _alleged_at(self, i: int) -> bool:
        """True when the masculine present يزعم at ``i``, its complementiser right after it, is the passive يُزعم
        "it is alleged": voweled so (يُزعم); opening its sentence (. ويزعم أن …); or not agreeing with the noun before
        it, whose pronoun the complementiser bears (محاكمة 379 شخصا يزعم أنهم …، الخطة يزعم أنها …), where the active
        would agree (يزعمون أنهم، تزعم أنها). The active with its subject before it (رجل يزعم أنه …) or dropped after
        a clause of its speaker (… ويزعم أنه يريد الجنة) is kept.
        """
        if (
            i + 1 >= self.n or self.keys[i].startswith(("ت", "وت", "فت")) or not self.keys[i].endswith("م")
            or not self._is_complementiser(i + 1)
        ):
            return False  # تزعم، يزعمون أنهم …: a feminine or plural verb agrees with its speaker, active
        if self._damma_opens(i):
            return True
        after = self.keys[i + 1]
        if i == 0 or self.raw[i - 1][-1:] in _TERMINAL or self.sentence_start[self.sentence_of[i]] == i:
            return True
        if after in _THEY_AN:
            return not self.punct[i - 1] and not self.keys[i - 1].startswith(("و", "ف"))
        return after in _SHE_AN and self.raw[i - 1].endswith("ة") and _definite(self.keys[i - 1])

    def _appears_not_shows(self, i: int, opening: int, form: CueForm) -> bool:
        """True when the present يظهر / تظهر at ``i`` is the intransitive يَظهر "appears", not يُظهر "shows", whose
        subject (a study, data, a document: الدراسة تظهر أن …، وتظهر البيانات أن …) shows a clause.

        Unvoweled they are one word. يَظهر is read when a preposition follows it (مقطع فيديو يظهر فيه …، تظهر
        عليه أعراض، يظهر لنا أن …); when its complementiser follows at once with no subject before it, the verb
        opening its clause (كما يظهر أن …، ولكن يظهر أن …، «يظهر أن …»، ويظهر أنّ …: "it appears that"); and when
        what follows is no أن-clause at all (يظهر قطع رأس طفل لأنه "…"، تظهر تحت عنوان: "…": something seen).
        """
        k = i + 1
        if self._damma_opens(i) or k >= self.n:
            return False  # والتاريخ يُظهر أن …: the damma spells "shows"
        if self.keys[k] in _APPEARS_PREPOSITIONS:
            return True
        if not (opening > 0 and self.keys[opening - 1] in self.lexicon.complementisers):
            return True
        if opening - 1 != k or form.gender == "f":
            return False  # وتظهر أن …: a feminine verb's subject dropped (a study, figures), "it appears" is masculine
        before = self.keys[i - 1] if i > 0 else ""
        return (
            i == 0 or (self.punct[i - 1] and self.raw[i - 1][-1:] not in _CLOSING_MARKS) or before in _APPEARS_OPENERS
            or self.keys[i][:1] in ("و", "ف")
        )

    def _aside_past_comma(self, k: int, end: int) -> int:
        """The token after an aside at ``k`` closed by a comma, between a verb and its subject: a discourse phrase (من
        جهته، في هذا الإطار), a date, whom or where it was told (لمراسل الجوهرة، في تصريح إعلامي), an adverb or an
        adverbial opened by a preposition or a word of circumstance (في ذات السياق، خلال ندوة صحفية عقدها الجمعة، لدى
        اجتماعه، ردا على سؤال); ``k`` itself when none stands there."""
        lex = self.lexicon
        for skip in (self._past_discourse_aside, self._past_day_aside):
            after = skip(k, end)
            if after > k:
                return after
        told = self._past_told_when_where(k, end)
        if told > k and self.raw[told - 1] in _COMMAS:
            return told
        dated = self._past_date(k, end)
        if dated > k:
            return dated  # أكد، اليوم السبت الناطق الرسمي باسم …: a date with no comma after it, then the speaker
        key = self.keys[k]
        if not (
            key in _CIRCUMSTANCE_HEADS or key in _NEAR_IN_TIME or key in _NOT_REPORTING or key in lex.adverbs
            or key in lex.temporal or key in lex.discourse or key in _IN_TURN or key in _FOR_ONES_PART
            or self._prepositional_opening(k) or _accusative(self.raw[k]) or _participle_accusative(self.raw[k])
        ):
            return k
        for j in range(k + 1, min(end, k + _MAX_APPOSITION_ASIDE)):
            if self.raw[j] in _COMMAS:
                return j + 1 if j + 1 < end else k
            if self.punct[j] or self._is_complementiser(j) or self.raw[j] in lex.openers:
                break
        return k

    def _verb_opens_report(self, i: int) -> bool:
        """Whether the verb at ``i`` opens its clause, so that its subject can only follow it: first in its sentence,
        after punctuation, joined by و or ف (وقال، فأكد) or after كما، ثم، قد; not after a noun or a pronoun that is its
        subject already (الحقائق تقول، …، رغم أنه أكد، …)."""
        if i == 0 or self.punct[i - 1] or self._opens_sentence(i) or self.keys[i - 1] in _OPENING_PARTICLES:
            return True
        key = self.keys[i]
        return key[:1] in ("و", "ف") and key[1:] in self.lexicon.forms

    def _punct_or_object_opening(self, k: int) -> bool:
        """Whether token ``k`` is punctuation or opens what a verb of asking asks for: a preposition of objects, إلى, a
        glued بـ or لـ, or a complementiser."""
        key = self.keys[k]
        return (
            self.punct[k] or key in _OBJECT_PREPOSITIONS or key == _ILA or key in ("ب", "ل") or self._glued_bi(k)
            or self._glued_li(k) or self._is_complementiser(k)  # (ب"…": the preposition alone before a quotation)
        )

    def _subject_past_comma(self, comma: int, end: int, form: CueForm) -> int | None:
        """Where the subject of a verb stands when a comma follows the verb at once (``comma``): past asides closed by
        commas (وأكد، من جهته، الوزير أن …، وأضاف، في تصريح للإذاعة، رئيس الجمعية أن …), or right after it (وقال، سامي
        بوزيد، رئيس الجمعية، إن …، أفادت، النقابة العامة …، أن …). It must name a speaker: a title, an authority or an
        institution, or a name closed by a comma before what was reported; else None (وأكد، في المقابل، ضرورة …،
        أعلنت، الجمعة، إحباط عملية …: the subject was dropped). After a verb that asks or names someone (دعا، طالب) a
        noun phrase past an aside is as often its object (ودعت، في ذات البلاغ، الشركة إلى …): not read."""
        k, asides, adverbial = comma + 1, 0, False
        while asides < 3 and k < end:
            after = self._aside_past_comma(k, end)
            if after == k:
                break
            # (an adverbial of circumstance may end with a title and the name after it its apposition: وأوضح، لدى
            # إشرافه على موكب تنصيب والي الجهة الجديد، عادل الورغي، أن …: the governor is no speaker)
            adverbial = adverbial or not (
                self._past_discourse_aside(k, end) > k or self._past_day_aside(k, end) > k or self._past_date(k, end) > k
                or self.keys[k] in self.lexicon.adverbs or self.keys[k] in _IN_TURN
            )
            k, asides = after, asides + 1
        if k >= end - 1 or (asides and form.lemma in _PERSON_OBJECT_LEMMAS):
            return None
        key = self.keys[k]
        if key[:1] in ("ل", "ب") and len(key) >= 4 and k + 2 < end and self.keys[k + 1].startswith("ال") and self.raw[k + 2] in _COMMAS:
            return None  # أعتقد، لسوء الحظ، أنه …: a prepositional aside, the subject dropped or before the verb
        if (
            self.punct[k] or self._is_cue(k) or self._is_complementiser(k) or key in _OBJECT_NOUNS or key in _BARE_OBJECT_NOUNS
            or key in _CIRCUMSTANCE_HEADS or key in _NOT_REPORTING or key in self.lexicon.temporal or key in self.lexicon.adverbs
            or key in self.lexicon.discourse or self._prepositional_opening(k) or _accusative(self.raw[k])
            or _participle_accusative(self.raw[k]) or self.raw[k][:1].isdigit() or key in _RELATIVES_OR_AND or key in _CONTINUATIONS or k in self._withheld
            or (key.startswith("و") and not self._speaker_head(k) and (
                not self._name_word_at(k) or is_stop_word(self.raw[k][1:]) or key[1:] in _NOT_REPORTING
            ))  # (الحقائق تقول، ومنذ الثورة، إن …: و joins what follows, no subject; but وزارة، وليد)
        ):
            return None
        stop = self._source_after(k, end)
        if stop <= k:
            return None
        if form.lemma in _PERSON_OBJECT_LEMMAS and not (
            stop + 1 < end and self.raw[stop] in _COMMAS and not self._punct_or_object_opening(stop + 1)
        ):
            # كما طالبت، وزيرة الصحة، بإحداث …: whom the verb asks, then what; its subject stands first when a second
            # phrase follows (دعا، حزب المؤتمر، مجلس النواب، إلى …، طالبت، الكاتبة العامة …، حبيبة الميزوني، بإطلاق …)
            return None
        if self._speaker_head(k) or (key in _SELF_WORDS and k + 1 < stop and self._speaker_head(k + 1)):
            # (وأشار، ذات المتحدث، إلى أن …: the same speaker named again)
            return k if stop < end and (self.raw[stop] in _COMMAS or self._reported_after(stop, end)) else None
        # A name (or any other phrase): only when a comma closes it and what was reported follows, maybe past a title
        # in apposition and where or when it was said (وأضاف، الولباني، أنه …، وقال، سامي بوزيد، رئيس الجمعية، إن …).
        if adverbial or stop - k > _MAX_APPOSITION or not self._name_word_at(k) or stop >= end or self.raw[stop] not in _COMMAS:
            return None
        if self._apposition_end(k, stop, end) is not None or (
            stop + 1 < end and self._title_word(stop + 1) and not self._definite_at(k)
        ):
            # (a name, then a title: وأوضح، عبد الفتاح مورو، نائب رئيس المجلس، الذي ترأس الجلسة أن …، وأضاف، خلدون
            # قواص، المستشار الإعلامي لدار الفتوى: «…»)
            return k
        after = self._past_told_when_where(stop + 1, end)
        preps = self.lexicon.object_prepositions.get(form.lemma) or ()
        return k if after < end and (
            self._is_complementiser(after) or self.raw[after] == ":"
            or (self.keys[after] in preps and after + 1 < end and self._is_complementiser(after + 1))
        ) else None

    def _expressed_at(self, i: int, end: int) -> int | None:
        """The عن of عبّر عن "expressed" at ``i`` (وعبر الوزير عن أمله …، معبرا عن استيائه), or None when ``i`` is
        the preposition عبر "via, across".

        The preposition never takes عن as its object: عن right after the form (or after an adverb, an aside such as
        فيه، or whom it was told, لنا) makes it the verb, whatever stands before it (الاتحاد عبر عن …). With a
        subject between, only a form that opens its clause is the verb (وعبر الاتحاد عن …، كما عبر عدد من المحتجين
        عن …); in the middle of a clause عبر … عن is the preposition and the object of an earlier verb (تحدث الوزير
        عبر الهاتف عن …).
        """
        lex = self.lexicon
        k = i + 1
        while k < end and (
            self.keys[k] in lex.adverbs or self.keys[k] in _PP_ASIDES or self.keys[k] in _TOLD_PRONOUNS
            or self.keys[k] in _IN_TURN
        ):
            k += 1
        if k < end and self.keys[k] == _AN_FROM:
            return k if k + 1 < end and self.keys[k + 1] not in _AN_ADVERBS else None
        if k < end and k == i + 1 and self._is_complementiser(k):
            return k  # معبرا أن …: the complementiser with no عن (as أعرب takes one)
        if self.lexicon.forms[self.keys[i]].kind != "verb" or not self._opens_clause(i):
            return None
        for j in range(k, min(end, k + _MAX_EXPRESSER)):
            if self.punct[j] or self._is_complementiser(j) or self.raw[j] in lex.openers or self._is_cue(j):
                return None
            if self.keys[j] == _AN_FROM:
                # عبر البر فضلا عن …، عبر تكليف الدواوين عوضا عن …: the preposition's object, then "besides",
                # "instead of"
                ok = j > k and j + 1 < end and self.keys[j + 1] not in _AN_ADVERBS
                return j if ok and self.keys[j - 1] not in _AN_LINKERS else None
        return None

    def _complementiser_at_once(self, k: int, start: int) -> bool:
        """Whether the content at ``start`` follows a complementiser that stands at ``k`` (the end of the speaker, or
        the verb's next token) or after only a linking preposition or an adverb there (أصر على أن، هدد مجددا بأن), or
        after a short aside and the preposition (أصر في المقابل على أن)."""
        comp = start - 1
        if comp < k or not self._is_complementiser(comp):
            return False
        lex = self.lexicon
        if all(self.keys[m] in lex.linking_prepositions or self.keys[m] in lex.adverbs for m in range(k, comp)):
            return True
        # وأصر العميد في المقابل على أن …: a short aside, then the verb's preposition and the complementiser
        return comp - k <= 3 and self.keys[comp - 1] in lex.linking_prepositions and not any(self.punct[k:comp])

    def _reports_checked(self, i: int) -> bool:
        """Whether the form at ``i`` of a verb the lexicon marks 'checked' reports here: عبّر with a clause or a
        quotation after its عن (:meth:`_expresses`); أصر، هدد with a complementiser at once (أصر على أن، هدد بأن);
        شرح، خلص with a complementiser close after them in the same clause (وشرح الوزير أن …، وخلصت الدراسة إلى أن …),
        not a noun-phrase object (وشرح آلية عملها، وأصر على تحقيقه); أقر the same, past commas too, but not before فإن
        nor a decision's subjunctive (أقر البرلمان قانونا …، أقر المجلس أن تقوم البلدية …)."""
        lemma = self.lexicon.forms[self.keys[i]].lemma
        if lemma == _EXPRESS:
            return self._expresses(i)
        end = self.sentence_end[self.sentence_of[i]]
        lex = self.lexicon
        for j in range(i + 1, min(end, i + _MAX_CHECKED_GAP)):
            if lemma == _ADMIT and self._is_complementiser(j):
                # أقر الوزير بأن …: admitted; أقر المجلس أن تقوم البلدية …، …، فإن …: a decision, the writer's clause
                return self.keys[j] != _THEN_AN and not (
                    self.raw[j] in _AN_BEFORE_VERB and j + 1 < self.n and self.raw[j + 1] in _DECIDED_VERBS
                )
            if lemma == _ADMIT and self.raw[j] in _COMMAS:
                continue  # أقرت الوزيرة، في كلمة ألقتها بالمناسبة، بأن …: an aside between the speaker and the clause
            if lemma == _ADMIT and self._admitted_object(i, j):
                return True  # أقر الوزير بوجود نقائص، مقرا بخطورة الوضع: admitted what its بـ object names
            if self._is_complementiser(j):
                if lemma not in _AT_ONCE_LEMMAS or j == i + 1 or self.keys[j - 1] in lex.linking_prepositions:
                    return True
                # وهدد رئيس الوزراء التركي بأن …: only the speaker between, no preposition of an object
                return not any(
                    self.keys[m] in _PREPOSITIONS_BEFORE_NOUNS or self.keys[m][:1] == "ب" for m in range(i + 1, j)
                )
            if self.punct[j] and self.raw[j] not in lex.quote_marks:
                return False
            if self._is_cue(j) or self.keys[j] in lex.connectors:
                return False
        return False

    def _admitted_object(self, i: int, j: int) -> bool:
        """Whether ``j`` opens the بـ object of أقر "admitted" at ``i`` (أقر الوزير بوجود نقائص، مقرا بخطورة الوضع،
        أقر التنظيم المصنف إرهابيا بهزيمته): a بـ noun close after the verb and its subject, not a manner or
        circumstance of a vote (بالإجماع، بعد، بشأن، بموجب), nor a word of a phrase that a quotation mark or لـ opened
        (استهدف مقرا «لتجمع العناصر بمنطقة …»: the noun "headquarters"), nor after يُقرن "is coupled with"."""
        key = self.keys[j]
        if key[:1] != "ب" or len(key) < 5 or self.punct[j] or key in _NOT_ADMITTED_BI or j - i > 9:
            return False
        if self.keys[i].removesuffix(VERB_READING).endswith("قرن"):
            return False
        marks = self.lexicon.quote_marks
        return not any(self.raw[m] in marks or self.keys[m][:1] == "ل" for m in range(i + 1, j))

    def _expresses(self, i: int) -> bool:
        """Whether the form of عبّر at ``i`` reports: its عن (:meth:`_expressed_at`), then a clause or a quotation in
        its object (:meth:`_expressed_clause`), or a complementiser at once (معبرا أن …)."""
        end = self.sentence_end[self.sentence_of[i]]
        an = self._expressed_at(i, end)
        if an is None:
            return False
        return self._is_complementiser(an) or self._expressed_clause(an + 1, end)

    def _expressed_clause(self, start: int, end: int) -> bool:
        """Whether the object of عبّر at ``start`` holds what was said: a complementiser after the noun of feeling
        (أمله في أن …، رفضه لأن …، معبرا أن …) or a quotation (عن "رفضه المطلق …"، عن رفضها لما وصفته بـ"…")."""
        marks = self.lexicon.openers
        if start > 0 and (self.raw[start - 1] in marks or self._is_complementiser(start - 1)):
            return True
        for m in range(start, min(end, start + _MAX_FEELING_WORDS)):
            if self._is_complementiser(m) or (self.raw[m] in marks and m in self.close_of and self._long_pair(m)):
                return True
            if self.punct[m] and self.raw[m] not in marks:
                return False
        return False

    def _what_was_called(self, k: int) -> _Candidate | None:
        """ما وصفته بـ"الكارثة"، ما اعتبره الوزير "حملة تشويه": a reporting verb with the pronoun of ما, then a
        quotation: the words someone used for it, quoted from them (the verb's subject, or the speaker before,
        as for a dropped subject).

        The quotation may be one word after a verb that labels (وصف، اعتبر، عدّ): it is the speaker's own label,
        as the dev gold counts وصفوا توجيهه بـ«الحازم». Only a verb of the lexicon (a perfect, with ه، ها or هم)
        and a quotation within reach.
        """
        key = self.keys[k]
        form = None
        for suffix in ("ه", "ها", "هم"):
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                stem = key[: -len(suffix)]
                form = self.lexicon.forms.get(stem) or (self.lexicon.forms.get(stem + "ا") if stem.endswith("و") else None)
                if form is not None:
                    break
        if form is None or form.kind != "verb" or not form.perfect or form.person != 3:
            return None
        end = self.sentence_end[self.sentence_of[k]]
        j = k + 1
        subject_start = j
        while j < min(end, k + 1 + _MAX_SOURCE) and not (self.raw[j] in self.lexicon.openers and j in self.close_of):
            if self.punct[j] and self.raw[j] != "ـ" or self._is_cue(j) or self._is_complementiser(j):
                return None
            j += 1
        if j >= end or not (self.raw[j] in self.lexicon.openers and j in self.close_of):
            return None
        subject_end = j
        while subject_end > subject_start and self.keys[subject_end - 1] in _CALLED_AS:
            subject_end -= 1  # بـ، بأنه: "as", before the words used
        close = self.close_of[j]
        if close <= j + 1 or self.punct[j + 1]:
            return None
        if not self._long_pair(j) and form.lemma not in _CHARACTERISING:
            return None  # ما قاله "النائب": a short quotation after a verb of saying is a name, not a label
        before = self.keys[j - 1]
        if j > subject_start and before not in _CALLED_AS and (
            self._quoted_name(j, subject_start) or _medium(before, self.lexicon) or before in _NAME_LEADS
            or is_stop_word(self.raw[j - 1]) or self.inside(j) <= _MAX_QUOTED_NAME and not _definite(before)
        ):
            # ما أورده موقع "…"، ما ذكرته مصادر لـ"سكاي نيوز"، ما ذكرته حركة "السلام الآن"، مؤشرا على "…": the
            # quotation names the subject or ends a phrase of its own; the words used follow بـ or the verb.
            return None
        if any(is_stop_word(self.raw[w]) for w in range(subject_start, subject_end)):
            return None  # ما أوردته الجريدة بخصوص … على خلفية "…": the quotation stands in a phrase of its own
        source = self._trim(subject_start, subject_end) if subject_end > subject_start else None
        # The verb's complement, as the gold sets mark وصفوا توجيهه بـ«الحازم»: from بـ when it stands there.
        content = self._trim(subject_end if subject_end < j else j + 1, close)  # (…"حملة الكذب والتشويه..": no dots)
        if content is None:
            return None
        return _Candidate((k, k + 1), content, source, form.gender, "verb", self.sentence_of[k])

    def _object_before(self, c: _Candidate) -> _Candidate:
        """``c`` with its content ending before a complementiser that a main verb took past the relative clause
        ``c``'s cue stands in (…التي كشفت عن هوية المشتبه به | إن …), else ``c`` itself."""
        start, end = c.content
        cut = next((k for relative, k in self._past_relative if relative < c.cue[0] < k and start < k < end), None)
        if cut is None:
            return c
        trimmed = self._trim(start, cut)
        return dataclasses.replace(c, content=trimmed) if trimmed is not None else c

    def _complementiser_past_relative(self, k: int, end: int) -> int | None:
        """The complementiser after a relative clause that opens at token ``k`` on the speaker, or None.

        The clause must hold its verb and at least one word of that verb's own (an object, a place) before the
        complementiser, which the relative verb then does not govern (الشرطة التي أكدت أن … is the relative's
        own quote); no sentence end, no second relative and no other complementiser before it.
        """
        if k >= end or self.keys[k] not in _RELATIVES:
            return None
        verb = k + 1
        while verb < end and self.keys[verb] in _QAD_PARTICLES:
            verb += 1
        if verb >= end or self.punct[verb]:
            return None
        for m in range(verb + 1, min(end, k + _MAX_RELATIVE_ASIDE + 1)):
            if self._is_complementiser(m):
                words = [w for w in range(verb + 1, m) if not self.punct[w] and self.keys[w] not in self.lexicon.adverbs]
                return m if words and self.keys[m - 1] not in _NOT_AN_OBJECT_END else None
            if (
                self.punct[m] or self.raw[m] in self.lexicon.openers or self.keys[m] in _RELATIVES_OR_AND
                or self._is_cue(m) or self.keys[m][:1] in _BARE_CONJUNCTIONS and self.keys[m][1:] in self.lexicon.forms
            ):
                # A quotation is read as such past the relative clause (وقالت الشركة التي …: «…»); a comma, another
                # cue or a second clause (…التي وجهت لها، وقالت إنها …) leaves the complementiser to that one.
                return None
        return None

    def _after_comma(self, k: int, start: int) -> bool:
        """True when a comma stands before token ``k``, maybe with a connective between (…، كما أكد / …، وبدوره أكد)."""
        lex = self.lexicon
        for j in range(k - 1, max(start, k - 3) - 1, -1):
            if self.raw[j] in _COMMAS:
                return True
            if self.keys[j] not in lex.connectors and self.keys[j] not in _TURN_TAKERS:
                return False
        return False

    def _colon_after_subject(self, k: int) -> bool:
        """True when a colon follows cue ``k`` after at most a short subject (قال المدرب الروماني: …)."""
        for j in range(k + 1, min(self.n, k + 1 + _MAX_SUBJECT_BEFORE)):
            if self.raw[j] == ":":
                return True
            if self._breaks_phrase(j):
                return False
        return False

    def _contrast_at(self, k: int) -> bool:
        """True when a contrastive connective opens a new clause at ``k`` (إلا أن، غير أن، لكن)."""
        key = self.keys[k]
        return key in _COORDINATORS or (key in _CONTRAST_HEADS and k + 1 < self.n and self.keys[k + 1] in self.lexicon.complementisers)

    def _object_at(self, k: int, *, definite: bool = False, bare: bool = False) -> bool:
        """True when token ``k`` can open a verb's noun-phrase object: an indefinite noun, not a cue or connective;
        with ``definite`` a noun with the article instead (التوصل لهذا المسن, after a speaker set off by commas);
        ``bare`` drops the form test altogether (any content word)."""
        key = self.keys[k]
        lex = self.lexicon
        if not bare and (_definite(key) != definite or (not definite and _prefixed(key))):
            return False
        return not (
            self._breaks_phrase(k)
            or key in lex.discourse or key in lex.source_stop or key in lex.temporal or key in lex.connectors
            or key in _RELATIVES_OR_AND or self._contrast_at(k)
        )

    def _saying_masdar(self, k: int) -> bool:
        """True for a verbal noun after في that names where the verb's speaker said it (وأكد في تصريحه لمراسل …، أن …):
        part of the verb's adverbial, not a cue of its own."""
        return k > 0 and self.keys[k - 1] == _FI and self.keys[k] in _SAYINGS

    def _linked_masdar(self, k: int) -> bool:
        """True when the complementiser follows the verbal noun at ``k`` at once or after على / إلى (بالتأكيد على أن،
        إشارته إلى أن، بالتأكيد أنه)."""
        m = k + 1
        if m < self.n and self.keys[m] in _MASDAR_LINKS:
            m += 1
        return m < self.n and self._is_complementiser(m)

    def _is_bi_masdar(self, k: int) -> bool:
        """True for a verbal noun with the preposition بـ (بقوله، بالقول), which only leads to a quotation."""
        form = self.lexicon.forms.get(self.keys[k])
        return form is not None and form.kind == "masdar" and self.keys[k].startswith("ب")

    def _verb_opens_clause(self, k: int) -> bool:
        """True when a reporting verb opens the clause that token ``k`` ends (وأشارت المصادر بالقول), one that can
        take what follows itself: a verb that reports only after a colon (وعلق الوزير بالقول إن …) leaves بالقول
        as the cue."""
        first = max(self.sentence_start[self.sentence_of[k]], k - _MAX_SUBJECT_BEFORE)
        for j in range(k - 1, first - 1, -1):
            if self.punct[j]:
                return False
            form = self.lexicon.forms.get(self.keys[j])
            if form is not None and form.lemma == _RELAY and self._relayed_from(j) is None:
                continue  # ونقل شهادات عن عراقيين بقولهم إن …: passing on no clause itself, بقولهم is the cue
            if form is not None and form.kind == "verb" and form.person == 3:
                return form.object != "colon" or not (k + 1 < self.n and self._is_complementiser(k + 1))
        return False

    def _after_aside(self, k: int, end: int, saying: bool = False) -> tuple[int, int] | None:
        """The clause after a complementiser that follows a comma-delimited aside (أوضح الوزير، ردا على …، أن …) or
        a quoted title ending one (قالت الوزيرة لدى إشرافها على ندوة … تحت شعار "…" إنه …), or any complementiser
        when the gap says where it was said (``saying``: وقال فلان، ممثل عن النقابة …، في تصريح لمراسل … إن …)."""
        while k < end:
            if self.raw[k] in _TERMINAL or (self._is_cue(k) and not self._saying_masdar(k)):
                return None
            if self._is_complementiser(k) and (saying or self.raw[k - 1] in _COMMAS or k - 1 in self.closing):
                stop = self._clause_end(k + 1)
                return (k + 1, stop) if stop > k + 1 else None
            k += 1
        return None

    def _complementiser_follows(self, close: int) -> bool:
        """True when a complementiser comes right after the quotation closing at ``close``: the quotation is a title
        or a term inside the gap (على هامش ندوة "حول الحوكمة ومكافحة الفساد" أن …), and what was said follows."""
        return close + 2 < self.n and self._is_complementiser(close + 1)

    def _clause_subject(self, i: int) -> tuple[int, int] | None:
        """The subject of the verb opening the clause a verbal noun ends (واختتم المدرب حديثه بقوله، اكتفى الوزير بالقول)."""
        lex = self.lexicon
        first = max(self.sentence_start[self.sentence_of[i]], i - _MAX_SUBJECT_BEFORE)
        start = i
        while start > first and not self.punct[start - 1]:
            start -= 1
        while start < i and (self.keys[start] in lex.discourse or self.keys[start] in lex.temporal):
            start += 1
        if start >= i - 1 or self._definite_at(start):
            return None  # no verb opens the clause, or nothing stands between it and the verbal noun
        end = self._source_after(start + 1, i)
        if end <= start + 1:
            return None
        split = self._subject_object_split(start + 1, end)
        return self._trim(start + 1, split if split is not None else end)

    def _after_colon(self, k: int, form: CueForm) -> tuple[int, int] | None:
        """What a cue introduces after its colon: a quotation, a complementiser clause, or the rest of the clause."""
        lex = self.lexicon
        if k >= self.n:
            return None
        raw = self.raw[k]
        if raw in lex.openers and k in self.close_of:
            return k + 1, self.close_of[k]
        if raw in lex.brackets and k in self.bracket_close:
            return k + 1, self.bracket_close[k]
        start = k + 1 if self._is_complementiser(k) or raw in lex.openers else k
        if start == k and not (form.colon or form.kind == "participle"):
            return None
        # An opening mark never closed (web text drops closing marks) runs to the end of the clause.
        end = self._clause_end(start)
        return (start, end) if end > start else None
    def _nominal_object(self, i: int, form: CueForm, source: tuple[int, int] | None, source_end: int, after_relative: bool
    ) -> tuple[tuple[int, int] | None, tuple[int, int]] | None:
        """A verb with a noun-phrase object (أكدت قيادة التحالف وقف العمليات; أعلنت الشركة عن استمرار ...)."""
        lex = self.lexicon
        sentence_end = self.sentence_end[self.sentence_of[i]]
        before = None if form.kind == "participle" or form.clitic or after_relative else self._subject_before(i)
        if before is not None:
            # Subject-verb order (مركز الأبحاث أعلن حصوله …): everything after the verb is its object, past where
            # and when it was said (وكانت القيادة، أعلنت في بيان لها أمس استشهاد …).
            start = i + 1
            if start + 1 < sentence_end and self.keys[start] in _IN_IT:
                start += 1  # وألقى الوزير كلمة أكد فيها ضرورة …: "in it", then what was stressed
            if start + 2 < sentence_end and self._saying_at(start):
                past = self._past_saying(start, sentence_end)
                if past < sentence_end and self._object_at(past):
                    start = past
            end = self._clause_end(start)
            return (before, (start, end)) if end > start else None
        if form.kind == "participle" or after_relative:
            k = source_end
            if k < self.n and not self.punct[k] and self.keys[k] not in lex.source_stop and not self._definite_at(k):
                end = self._clause_end(k)
                return (None, (k, end)) if end > k else None
            return None
        if source is not None and (start := self._object_past_withheld(source_end, sentence_end)) is not None:
            # وأكد مسؤول طلب عدم الكشف عن هويته لفرانس برس مقتل …، وأعلن مصدر، طالبا عدم كشف هويته، وفاة …
            end = self._clause_end(start)
            return (source, (start, end)) if end > start else None
        if source is not None and source_end + 2 < sentence_end and (
            self.keys[source_end] == _MIN and self.keys[source_end + 1] in _FOR_ONES_PART
        ):
            # وأكد الموسيقي من جهته ضرورة …، واكدت كاتبة الدولة من جهتها، أهمية …: "for her part", then the object
            start = source_end + 2 + (self.raw[source_end + 2] in _COMMAS)
            if start < sentence_end and (self._object_at(start) or self._object_at(start, definite=True)):
                end = self._clause_end(start)
                return (source, (start, end)) if end > start else None
        if source is not None and source_end + 1 < sentence_end and (
            self.keys[source_end] in lex.adverbs or self.keys[source_end] in _THERE
        ) and self.keys[source_end] not in lex.temporal:
            # وتنفي قطر بشدة هذه الاتهامات، أعلن النادي رسميا منعه …: how it was said, then the object
            start = source_end + 1
            if self._object_at(start) or self._object_at(start, definite=True):
                end = self._clause_end(start)
                return (source, (start, end)) if end > start else None
        if source is None and source_end < sentence_end and (
            self.keys[source_end] in _OBJECT_NOUNS or self._demonstrative_object(source_end, sentence_end)
            or self._continued_object(i, source_end, sentence_end)
        ):
            # وأكد ضرورة التعامل …، ونفت هذه الأنباء: no subject after the verb (pro-drop), a noun that only heads
            # what is said, or a demonstrative's noun phrase that is the object
            end = self._clause_end(source_end)
            return (None, (source_end, end)) if end > source_end else None
        if source is None:
            # ونفت في تصريح للإذاعة، وضع الطفل في …: no subject after the verb (pro-drop), where it was said, a comma,
            # then the object.
            start = self._object_past_saying(source_end, sentence_end)
            if start is None and source_end + 2 < sentence_end and self._saying_at(source_end) and (
                source_end + 2 < (past := self._past_saying(source_end, sentence_end)) < sentence_end
            ) and self._object_at(past) and self.keys[past] not in _CIRCUMSTANCE_HEADS and self.keys[past] not in _IN_RESPONSE:
                # وأكد في تصريح لبرنامج "صباح الورد" على "الجوهرة أف أم" ضرورة …: with no comma, the object past the
                # station or programme named
                start = past
            end = self._clause_end(start) if start is not None else 0
            return (None, (start, end)) if start is not None and end > start else None
        at = source_end
        if at < sentence_end and self._adverbial_ala(at):
            # وشدد الوزير على هامش الندوة، على أهمية …، وأعلن الفنان على إثر ذلك عن …
            after = self._preposition_past_adverbial(at, sentence_end, _OBJECT_PREPOSITIONS)
            if after is None and (k := self._complementiser_past_adverbial(at, sentence_end)) is not None:
                # أكد رئيس اللجنة على هامش الجلسة العامة المخصصة لمواصلة النظر في … أن …: a long adverbial, no comma.
                end = self._clause_end(k + 1)
                return (source, (k + 1, end)) if end > k + 1 else None
            at = after if after is not None else sentence_end
        split = self._subject_object_split(*source)
        if at < sentence_end and self.keys[at] in _OBJECT_PREPOSITIONS:
            if split is not None and self._split_opens_object(split):
                # أكد فلان مدير جهوي بجندوبة انقطاع حركة المرور على مستوى …: the preposition belongs to the object
                end = self._clause_end(split)
                return ((source[0], split), (split, end)) if end > split else None
            end = self._clause_end(at + 1)  # أعلن عن، شدد على
            return (source, (at + 1, end)) if end > at + 1 else None
        if (
            split is None and form.kind == "verb" and source_end + 1 < sentence_end and self.keys[source_end] == _MA
            and not self.punct[source_end + 1] and self._opens_clause(i)
        ):
            # ونفت الجامعة ما ورد في …، ووصف أوباما ما حدث بـ…: "what" opens the object, a relative clause (an
            # object that opened earlier, نفى المدير صحة ما …، is the split's below; a verb form after a noun may be
            # its homograph noun: نقل بيان … نفي السفير ما نسب له)
            end = self._clause_end(source_end)
            return (source, (source_end, end)) if end > source_end else None
        if (
            source_end < sentence_end and self.keys[source_end] in lex.temporal and self.keys[source_end] not in _ORDINALS
            and (split is None or (
                2 <= source_end - split <= 3 and not any(self._definite_at(m) for m in range(split, source_end))
            ))
        ):
            # أعلن وزير التعليم العالي سليم خلبوس اليوم الثلاثاء استئناف …: a date ends the subject and the object
            # follows; two or three words with no article before the date are a name (سليم خلبوس), not an object
            # the subject ran into (أعلن مجلس النواب عقد جلسته الاعتيادية السبت، حدد النادي تعيين يوم الجمعة).
            k = self._past_date(source_end, sentence_end)
            if (
                k < sentence_end and not self.punct[k] and not self._is_complementiser(k) and not self._is_cue(k)
                and self.keys[k] not in lex.source_stop
            ):
                end = self._clause_end(k)
                return (source, (k, end)) if end > k else None
        if (
            source_end + 3 < sentence_end and self.raw[source_end] in _COMMAS
            and self.keys[source_end + 1] in _CIRCUMSTANCE_OPENERS
            and (start := self._object_past_circumstance(source_end + 1, sentence_end)) is not None
        ):
            # وأكد الوزير، خلال لقائه مع نظيره، رفض بلاده للقرار، أعلن المحتجون، عقب هذا الإعلان، فتح الطرقات: when
            # or on what occasion, between commas, then the object.
            end = self._clause_end(start)
            return (source, (start, end)) if end > start else None
        if source_end + 1 < sentence_end and self.raw[source_end] in _COMMAS and (
            (start := self._past_date_aside(
                undated := self._past_issued_aside(self._past_discourse_aside(source_end + 1, sentence_end), sentence_end),
                sentence_end,
            )) < sentence_end
            and (self._object_at(start) or (
                self._object_at(start, definite=True) and (
                    any(self.raw[m] in _COMMAS for m in range(*source))
                    # أعلنت الوزارة، أمس، القبض على …: a date closed by its comma ends the speaker's phrase, a
                    # definite noun after it is the object (not a title or a name: قال المتحدث، اليوم، العقيد …)
                    or (start > undated and self.raw[start - 1] in _COMMAS and not self._person_like(start)
                        and not _nisba(self.keys[start]))
                )
            ))
        ):
            # نفت الفنانة غادة عبدالرازق، خضوعها لأي عمليات: the comma closes the subject (and a date set off by
            # commas may follow it: أكد الوالي، اليوم الاثنين، إصابة …); after a name in apposition between commas
            # the object may be definite (أكد المتحدث، خالد أبا الخيل، التوصل …).
            end = self._clause_end(start)
            return (source, (start, end)) if end > start else None
        if source_end + 1 < sentence_end and (start := self._object_past_addressee(source_end, sentence_end)) is not None:
            # وأكد مصدر أمني لمراسل الجوهرة أف أم في القصرين عدم وقوع …، أكد مصدر أمني للإذاعة، القبض على …: whom
            # it was told (and where), then the object.
            end = self._clause_end(start)
            return (source, (start, end)) if end > start else None
        if source_end + 1 < sentence_end and self.raw[source_end] in _COMMAS:
            # أكد والي الجهة، في تصريح للإذاعة، ضرورة العمل …: where it was said between commas, then the object.
            start = self._object_past_saying(source_end + 1, sentence_end)
            if start is None and source_end + 3 < sentence_end and self._saying_at(source_end + 1):
                start = self._object_past_open_saying(source_end + 1, sentence_end)
            if start is not None:
                end = self._clause_end(start)
                return (source, (start, end)) if end > start else None
        if (
            source_end < sentence_end and (start := self._object_past_saying(source_end, sentence_end)) is not None
            and not (self.keys[start][:1] == "ف" and self.keys[start][1:] in _DEMONSTRATIVES)  # …، فهذه المهنة صعبة
        ):
            # وأكد رئيس الحكومة يوسف الشاهد في كلمة ألقاها خلال إشرافه على الافتتاح، انشغال تونس …: where it was
            # said, closed by a comma, then the object; the words after the title are its name.
            end = self._clause_end(start)
            return (source, (start, end)) if end > start else None
        if (
            split is not None and source_end - split <= _MAX_NAME_AFTER_TITLE
            and not any(len(self.keys[m]) > 3 and self.keys[m].endswith(_PLAIN_POSSESSIVES) for m in range(split, source_end))
            and _AN_FROM in lex.object_prepositions.get(form.lemma, ())
            and (k := self._an_past_adverbial(source_end, sentence_end)) is not None
        ):
            # أعلن المخرج نجيب خلف الله، على إثر الجدل …، عن حجب …، أعلن وزير البيئة نجيب درويش خلال إشرافه على …
            # عن انطلاق …: the words after the title are its name, and the verb's عن, past an adverbial, opens what
            # was said.
            end = self._clause_end(k + 1)
            return (source, (k + 1, end)) if end > k + 1 else None
        if split is not None:
            content_end = self._clause_end(split)
            if content_end > split:
                return (source[0], split), (split, content_end)
        if (
            source_end + 2 < sentence_end and self.keys[source_end] == _FI
            and self.keys[source_end + 1] in _SAYINGS
        ):
            # وأعلن الجيش في بيان مقتل جنديين، في بيان لها أمس استشهاد الجندي …: where it was said, then what
            # (ونفت الوزارة في بلاغ لها اليوم ما راج من أخبار …: "what", a relative clause).
            start = self._past_saying(source_end, sentence_end)
            if start < sentence_end and (
                self._object_at(start) or (self.keys[start] == _MA and start + 1 < sentence_end and not self.punct[start + 1])
            ):
                end = self._clause_end(start)
                return (source, (start, end)) if end > start else None
        if source_end < sentence_end and self.keys[source_end] in lex.source_stop:
            # وأكد دونيس خلال المؤتمر الصحفي …، جاهزية فريقه: the object follows the adverbial and a comma.
            for k in range(source_end + 1, min(sentence_end, source_end + _MAX_GAP)):
                if self.raw[k] in _COMMAS:
                    start = k + 1
                    if (
                        start < sentence_end and not self.punct[start] and not self._is_cue(start)
                        and self.keys[start] not in lex.discourse and not self._contrast_at(start)
                    ):
                        end = self._clause_end(start)
                        return (source, (start, end)) if end > start else None
                    return None
                if self._breaks_phrase(k):
                    return None
        return None

    def _apposition_end(self, start: int, comma: int, end: int, asks: bool = False, names: bool = True) -> int | None:
        """The end of a name or title in apposition to the speaker phrase ``start``..``comma``, set off by a comma
        before it, when what the verb reports follows, or None.

        A title after a name (قال نعمان الحباسي، مدير المركب الثقافي بالكاف، إن …) or a name after a title (أكد المدير
        العام لبنك الأمان، أحمد كرم، دعم …) belongs to the speaker, as the guidelines' SOURCE holds title and name
        together. A title opens with a role or title word; a name is a few words after a title, with no preposition
        or time word. After the closing comma (and a date set off by another) must come what was reported: a
        complementiser, a quotation, a separate preposition of objects or a word that can open a noun-phrase object;
        anything else means the phrase was the object itself (أعلن الوزير، إطلاق برنامج، والذي …). Writers often
        leave out the closing comma before a complementiser, bare or after the verb's preposition (أفاد المندوب الجهوي،
        المولدي العيفة بأنه …، أشارت رئيسة الشركة، سوزان وجسيكي إلى أنها …): a name may then end there, and may open
        with the article as Maghrebi given names do. After a verb that
        ``asks`` someone or names a person as its object (دعا، طالب، اتهم، أبلغ) a title set off by commas is as often
        that person (طالب الكاتب فلان، وزير الإسكان فلان، بسرعة …), and so is a phrase the verb's preposition follows
        at once (طالب الوزير، مواطني الولاية، بالتزام …): left alone; a name with whom it asks after it is read
        (دعت المهندسة الأولى بالمعهد، مريم بن حسين، المصطافين إلى …). A phrase that opens as an adverbial of time or
        circumstance (عقب لقائه …، نهاية الأسبوع الماضي) or as an object (ضرورة …) is no name, nor one holding a number.
        Without ``names`` only a title is read (the second of a chain: الأمير فلان، مستشار خادم الحرمين الشريفين، أمير
        منطقة مكة المكرمة، …).
        """
        lex = self.lexicon
        if comma + 2 >= end or self.raw[comma] not in _COMMAS:
            return None
        if not self._object_at(start, bare=True) or self.raw[start][:1].isdigit():
            return None  # a date or an adverbial read as the speaker (أعلن 25 فيفري، رئيس الحكومة …)
        first = comma + 1
        key = self.keys[first]
        if key in _CIRCUMSTANCE_HEADS or key in _OBJECT_HEADS or first in self._withheld:
            return None  # (…، طالبا عدم كشف هويته، …: who would not be named, no name)
        titled = self._title_word(first)
        if titled and asks:
            return None
        if not titled and (
            not names or not self._titled_phrase(start, comma) or self._prepositional_opening(first)
            or key in _BI_WORDS or not self._name_word_at(first) or key in lex.media or key[2:] in lex.media
        ):
            return None  # (…، وكالة تونس أفريقيا للأنباء، أن …: the agency told, with its ل left out, is no name)
        longest = _MAX_APPOSITION_ASIDE if titled else _MAX_APPOSITION
        j = first
        while j < min(end, first + longest + 1):
            raw, key = self.raw[j], self.keys[j]
            if raw in _COMMAS:
                if j == first or not self._reported_after(self._past_told_when_where(j + 1, end), end):
                    return None
                if asks and j + 1 < end and (
                    self.keys[j + 1] in _OBJECT_PREPOSITIONS or self.keys[j + 1] == _ILA or self._glued_bi(j + 1)
                    or self._glued_li(j + 1) or self._is_complementiser(j + 1)
                ):
                    # طالب الوزير، مواطني الولاية، بالتزام …، أبلغ الوزير، نظيره، أن …: whom the verb asks or tells,
                    # then what
                    return None
                return j if titled or not self._definite_at(first) or self.keys[first] in _ARTICLE_GIVEN_NAMES else None
            if not titled and raw[:1].isdigit():
                return None  # أعلن وزير الصحة، تسجيل 120 إصابة، …: a count belongs to an object, not a name
            if not titled and j > first and (
                self._is_complementiser(j) or self._saying_at(j)
                or ((key in _OBJECT_PREPOSITIONS or key == _ILA) and j + 1 < end and self._is_complementiser(j + 1))
            ):
                # …، المولدي العيفة بأنه …، سوزان وجسيكي إلى أنها …، نجيبة الحمروني في تصريح لـ…: no comma closes the
                # name; what was said, or where it was said, follows it
                return j
            if titled and raw in lex.openers and j in self.close_of and self.inside(j) <= _MAX_QUOTED_NAME:
                j = self.close_of[j] + 1  # المحلل في «بي في إم أويل»: a quoted name inside the title
                continue
            if j > first + 1 and key in lex.temporal:
                # …، مستشار الرئيس محمود الهباش اليوم الأحد، منع …: when it was said closes the apposition.
                return j if self._reported_after(j, end) and (titled or not self._definite_at(first)) else None
            if (
                self._breaks_phrase(j) or key in _RELATIVES_OR_AND
                or key in lex.discourse or _medium(key, lex) or _is_correspondent(key) or key == "ل"
                or self._station_at(j) or (not titled and key in lex.source_stop)
            ):
                return None  # a medium or correspondent spoken to (…، مراسل الجوهرة أف أم، أن), من جهته
            j += 1
        return None

    def _reported_after(self, k: int, end: int) -> bool:
        """Whether what a verb reports can start at ``k`` (maybe past a date set off by a comma): a complementiser, a
        quotation, a colon, a separate preposition of objects or a word that opens a noun-phrase object."""
        k = self._past_day_aside(k, end)
        if k >= end or self.keys[k] in _CONTINUATIONS:
            return False
        if self._saying_at(k):
            # …، ميليسا فليمينغ، في مؤتمر صحافي في جنيف، إن …: where it was said, set off too, then the complementiser
            close = self._saying_end(k, end)
            return close > k and close + 1 < end and self.raw[close] in _COMMAS and self._is_complementiser(close + 1)
        key = self.keys[k]
        return (
            self._is_complementiser(k) or self.raw[k] in self.lexicon.openers or self.raw[k] == ":"
            or ((key in _OBJECT_PREPOSITIONS or key == _ILA) and not self._adverbial_ala(k))
            # ي opens a present verb (…، إطلاق برنامج جديد، يستهدف …), hardly ever a noun
            or (self._object_at(k) and not key.startswith("ي")) or self._object_at(k, definite=True)
        )

    def _prepositional_opening(self, k: int) -> bool:
        """Whether token ``k`` opens with the preposition بـ or لـ glued to a noun (بالمناسبة، بوزارة، بإطلاق، للصحفيين)
        rather than being a name that starts with those letters (بشير، بسمة، لطفي، لمياء)."""
        if not (self._glued_bi(k) or self._glued_li(k) or self.keys[k].startswith("لل")):
            return False
        key, rest = self.keys[k], self.keys[k][1:]
        return (
            rest.startswith("ال") or key.startswith("لل") or _masdar_like(rest) or _fuul(rest) or rest in _OBJECT_NOUNS
            or is_place_designator(self.raw[k]) or is_institution_noun(self.raw[k]) or is_institution_noun(self.raw[k][1:])
            or _medium(key, self.lexicon)
            or rest in self.lexicon.speech_events or rest in _TIME_NOUNS or self._place_or_body_bi(k)
        )

    def _past_told_when_where(self, k: int, end: int) -> int:
        """The token after what may stand between a speaker's name set off by commas and what was said: a date
        (اليوم الاثنين)، whom it was told (لمراسل الجوهرة أف أم) or where it was said (في تصريح إعلامي), each maybe
        closed by a comma; ``k`` itself when none stands there."""
        for _ in range(3):
            if k >= end:
                break  # a comma closing the text (…، قال،): nothing after it
            start = k
            dated = self._past_date(k, end)
            if dated > k:
                k = dated
            elif self._addressee_at(k) and (
                _medium(self.keys[k], self.lexicon) or _is_correspondent(_without_li(self.keys[k])) or self._station_at(k + 1)
            ) and (told := self._addressee_end(k, end)) > k:
                k = told  # (لمراسل …، لوكالة …، للصحفيين; not any لـ word: للدورة الثالثة)
            elif self._saying_at(k) and (said := self._saying_end(k, end)) > k:
                k = said
            if k < end - 1 and k > start and self.raw[k] in _COMMAS:
                k += 1
            if k == start or k >= end:
                break
        return k

    def _name_word_at(self, k: int) -> bool:
        """True when token ``k`` can open a person's name in apposition: not a function word, a time word, a cue or a
        coordinated noun (والمجتمع، ووزير); a name may open with the article (المولدي، الطاهر) or with a letter that
        is often a clitic (فاطمة، وليد، كمال)."""
        key = self.keys[k]
        if key.startswith("و") and (key[1:3] == "ال" or self._title_key(key[1:])):
            return False
        if _prefixed(key) and key.endswith(("نا", "وا", "ون")):
            return False  # فتدافعنا، وقالوا: a verb with its conjunction and a plural ending
        return self._object_at(k, bare=True)

    def _past_issued_aside(self, k: int, end: int) -> int:
        """The token after an aside on when a document was issued, closed by a comma (جريدة الشروق، الصادرة اليوم
        الأحد، …), or ``k`` when none stands there."""
        if not (k < end and self.keys[k] in _ISSUED):
            return k
        for j in range(k + 1, min(end, k + _MAX_ADDRESSEE + 1)):
            if self.raw[j] in _COMMAS:
                return j + 1
            if self.punct[j] or self._is_cue(j) or self._is_complementiser(j):
                break
        return k

    def _past_discourse_aside(self, k: int, end: int) -> int:
        """The token after an aside of :data:`_DISCOURSE_ASIDES` at ``k`` and the comma closing it (من ناحية ثانية،),
        or ``k`` when none stands there."""
        for n in (1, 2, 3):
            if k + n < end - 1 and tuple(self.keys[k : k + n]) in _DISCOURSE_ASIDES and self.raw[k + n] in _COMMAS:
                return k + n + 1
        return k

    def _past_date_aside(self, k: int, end: int) -> int:
        """The token after a date at ``k``, with or without a comma closing it (اليوم الاثنين، …، اليوم الاثنين وجود
        …), or ``k`` when none stands there."""
        after = self._past_day_aside(k, end)
        return self._past_date(k, end) if after == k else after

    def _past_day_aside(self, k: int, end: int) -> int:
        """The token after a date at ``k`` and the comma closing it (اليوم الاثنين،), or ``k`` when none stands there."""
        after = self._past_date(k, end)
        return after + 1 if k < after < end - 1 and self.raw[after] in _COMMAS else k

    def _titled_phrase(self, start: int, end: int) -> bool:
        """Whether the speaker phrase ``start``..``end`` opens with a role or title word, or names a saying of one
        (تصريح إعلامي للمتحدث الرسمي باسم المحكمة): then a name may stand in apposition to it."""
        if self._title_word(start):
            return True
        return self.keys[start] in _SAYINGS and any(
            self._title_key(_without_li(self.keys[k])) for k in range(start + 1, min(end, start + 4))
        )

    def _title_key(self, key: str) -> bool:
        """A role or title word's key, with or without the article (مدير، المدير، الرئيس، أمير، السيد)."""
        lex = self.lexicon
        if key in lex.source_stop:
            return False  # أمام (before) is spelt as إمام once hamza is folded
        return (
            key in lex.roles or key in lex.titles or (key.startswith("ال") and key[2:] in lex.roles)
            or "ال" + key in lex.titles
        )

    def _title_word(self, k: int) -> bool:
        """Whether token ``k`` is a role or title word (see _title_key)."""
        return self._title_key(self.keys[k])

    def _an_past_adverbial(self, k: int, end: int) -> int | None:
        """The verb's own عن after the adverbial that opens at ``k`` (خلال إشرافه على اجتماع … عن; ، على إثر الجدل …،
        عن), or None: the adverbial opens with a comma or a preposition or time word, and no cue, complementiser or
        quotation comes first; عن after a noun of saying is that noun's (خلال حديثه عن الأزمة)."""
        if k >= end or not (self.raw[k] in _COMMAS or self._adverbial_at(k)):
            return None
        for j in range(k + 1, min(end, k + _MAX_CLAUSE)):
            if self.keys[j] == _AN_FROM:
                return j if self.keys[j - 1] not in _SAYINGS and j + 1 < end and not self.punct[j + 1] else None
            if self._breaks_phrase(j, commas=False):
                return None
        return None

    def _as_said(self, i: int, source_end: int, sentence_end: int) -> tuple[int, int] | None:
        """…، كما أوضح الإعلان.، …، على ما قال المسؤول.: the clause before the comma, "as the speaker said", when
        كما or على ما opens the verb's clause and its speaker (maybe with a day) ends the sentence or a new clause
        follows it."""
        if i >= 2 and self.keys[i - 1] == _KAMA:
            opener = i - 1
        elif i >= 3 and self.keys[i - 1] == _MA and self.keys[i - 2] == _ALA:
            opener = i - 2
        else:
            return None
        start = self.sentence_start[self.sentence_of[i]]
        if opener - 1 <= start:
            return None
        comma = self.raw[opener - 1] in _COMMAS
        end = self._past_date(source_end, sentence_end)
        if (spoken := self._spoken_to_end(end, sentence_end)) is not None:
            end = spoken  # …، كما قال أحد أفراد العائلة لشبكة إي بي سي نيوز.: whom it was told
        end = self._closing_adverbial_end(self._place_end(end, sentence_end), sentence_end)
        form = self.lexicon.forms.get(self.keys[i])
        if not comma and (
            source_end <= i + 1 or not (end >= sentence_end or self.raw[end] in _TERMINAL) or form is None or not form.perfect
            or any(self.raw[m] in self.lexicon.openers or m in self.closing for m in range(i + 1, source_end))
        ):
            # …في بولندا كما أعلن المركز الحكومي.: with no comma, only a past verb and a speaker closing the sentence
            # (كانت كما يقول "غريمي" أشبه بحركات راقص …: an aside, the clause goes on)
            return None
        if end < sentence_end and self.raw[end] not in _TERMINAL and not self._new_clause_after_comma(end, sentence_end) and not (
            self.raw[end] in _COMMAS and end + 1 < sentence_end and self._speakers_next_act(end + 1)
        ):
            # (…، كما قالت المدعية، مما فتح الطريق …: a new clause may follow the speaker; …، كما ذكر متحدث باسم
            # الشرطة، موضحا أن …: so may the speaker's next act)
            return None
        if any(
            self._is_cue(k) or (self._is_complementiser(k) and not self._subjunctive_an(k)) for k in range(start, opener - 1)
        ):
            return None  # the clause reports a saying of its own (كما قال إنه …، كما يقول فلان.); but أن تقدم is "to
            # present", no report
        return start, opener - 1 if comma else opener

    def _speakers_next_act(self, k: int) -> bool:
        """Whether a masculine or plural participle of saying or of a stance opens at ``k`` (…، موضحا أن …، مشيدا
        بـ…، مضيفين …): what the speaker named before it did next."""
        form = self.lexicon.forms.get(self.keys[k])
        return self.keys[k] in _STANCE_PARTICIPLES or (
            form is not None and form.kind == "participle" and (form.gender != "f" or self._feminine_participle(k, form))
        )

    def _verb_form(self, key: str) -> bool:
        """True when ``key`` is a third-person reporting verb of the lexicon (صرح، أفادت), its object pronoun
        allowed (ذكره، أوردته)."""
        for bare in (key, key[:-1] if key.endswith("ه") else None, key[:-2] if key.endswith("ها") else None):
            form = self.lexicon.forms.get(bare) if bare else None
            if form is not None and form.kind == "verb" and form.person == 3:
                return True
        return False

    def _definite_document(self, key: str) -> bool:
        """البيان، البلاغ، التقرير: a document or statement named before (the article), not a setting (السياق)."""
        return key.startswith("ال") and key[2:] in self.lexicon.speech_events and key[2:] not in _SETTINGS

    def _document(self, key: str) -> bool:
        """بلاغ، لموقع: a noun of a document or statement (after ل too), not of a setting (سياق، معرض)."""
        bare = _without_li(key)
        return bare in self.lexicon.speech_events and bare not in _SETTINGS

    def _object_past_addressee(self, k: int, end: int) -> int | None:
        """Where a noun-phrase object starts after whom the speaker told at ``k``: a station's name (للجوهرة أف أم)
        or an addressee phrase closed by a comma, then maybe a place of one or two words closed by a comma (في
        القصرين، ببن قردان،); None when no object follows there, or a correspondent's name may (لمراسل … أف أم فلان)."""
        if (
            (j := self._quoted_addressee_end(k, end)) is not None and self.inside(k + 1) <= _MAX_QUOTED_NAME
            and self.close_of[k + 1] + 1 < end and not self.punct[self.close_of[k + 1] + 1]
        ):
            # أكد مصدر من الحماية المدنية لـ"الجوهرة أف أم" وفاة …، وأكد العمراني لـ"الوطن" عزمه …: the quoted name
            # spoken to, then an indefinite or owned object
            if j < end and not self._is_cue(j) and not self._is_complementiser(j) and self._object_at(j):
                return j if self.keys[j] not in _ASIDE_HEADS_OR_AT else None
            return None
        if not self._addressee_at(k) or self.keys[k] in _ADDRESSEE_PRONOUNS:
            return None
        # لمراسل الجوهرة أف أم: a station's name is known to end with its FM; لرويترز، لفرانس برس: an agency's
        j = next((e for m in range(k + 1, min(end, k + _MAX_ADDRESSEE)) if (e := self._station_end(m)) is not None), None)
        if j is None:
            j = self._agency_end(k, end)
        if j is None:
            j = self._addressee_end(k, end)
            if j == k or j >= end or self.raw[j] not in _COMMAS:
                return None
        elif j < end and (self.keys[j] == _FI or (self.keys[j].startswith("ب") and not self._is_cue(j))):
            # في القصرين، ببن قردان: where the speaker or the correspondent is, one or two words
            place = j + 1 if self.keys[j] == _FI else j
            if place + 1 < end and self.raw[place + 1] in _COMMAS:
                j = place + 1
            elif place + 2 < end and self.raw[place + 2] in _COMMAS:
                j = place + 2
            else:
                return None  # (في القصرين عدم وقوع …: where a place of one or two words ends is not known)
        if j < end and self.raw[j] in _COMMAS:
            j += 1
        elif _correspondent(self.keys[k]):
            return None  # لمراسل الجوهرة أف أم أنيس الغربي توقف …: the correspondent's name may follow
        if j >= end or self.punct[j] or self._is_cue(j) or self._is_complementiser(j):
            return None
        if self._object_at(j) or (self._object_at(j, definite=True) and not self._addressee_at(j)):
            return j if self.keys[j] not in _ASIDE_HEADS_OR_AT else None
        return None

    def _object_past_circumstance(self, k: int, end: int) -> int | None:
        """Where an indefinite noun-phrase object starts after an adverbial of when or on what occasion at ``k``
        (خلال لقائه مع نظيره،، عقب هذا الإعلان،) closed by a comma within a few words, with no cue, complementiser or
        quotation in it; None when none does."""
        for j in range(k + 2, min(end - 1, k + 2 + _MAX_CIRCUMSTANCE)):
            if self.raw[j] in _COMMAS:
                start = j + 1
                if self.keys[start] in _CIRCUMSTANCE_HEADS or not self._object_at(start):
                    return None  # (…، التأمت بمنوبة …: a verb that starts like a definite noun)
                return start
            if self.punct[j] or self._is_cue(j) or self._is_complementiser(j):
                return None
        return None

    def _object_past_withheld(self, k: int, end: int) -> int | None:
        """Where a noun-phrase object starts after the formula of a speaker who would not be named at ``k`` (maybe set
        off by commas, maybe with a news agency spoken to after it), or None."""
        j = k + 1 if k < end and self.raw[k] in _COMMAS else k
        if j not in self._withheld:
            return None
        j = self._withheld[j]
        if j < end and (agency := self._agency_end(j, end)) is not None:
            j = agency
        if j < end and self.raw[j] in _COMMAS:
            j += 1
        return j if j < end and self._object_at(j) else None

    def _agency_after_li(self, k: int) -> bool:
        """Whether token ``k`` is ل and a news agency's name (لرويترز، لفرانس، للأناضول)."""
        return self.keys[k].startswith("ل") and _without_li(self.keys[k]) in self.lexicon.agencies

    def _agency_of_title(self, k: int) -> bool:
        """Whether the news agency after ل at ``k`` is where the title before it is held (مراسل للجزيرة، المدير العام
        للجزيرة، الرئيس التنفيذي لسكاي نيوز), not whom the speaker told (وقال الوزير لرويترز)."""
        if k == 0 or self.punct[k - 1] or not self._agency_after_li(k):
            return False  # (a medium's noun: قال مسؤول لشبكة …، told)
        if _is_correspondent(self.keys[k - 1]):
            return True  # مراسل للجزيرة
        if self._title_word(k - 1):
            return not self._definite_at(k - 1)  # مدير لقناة (but وقال الوزير لرويترز: told)
        for j in range(k - 1, max(-1, k - 4), -1):
            key = self.keys[j]
            if _without_article(key) in _OUTLET_ROLES:
                return j < k - 1  # المدير العام للجزيرة، الرئيس التنفيذي لسكاي نيوز، المستشار الإعلامي للعربية
            if self.punct[j] or not (_definite(key) and (_nisba(key) or key in _TITLE_ADJECTIVES)):
                return False  # (وزير الخارجية لرويترز: a genitive, so the title is not the agency's)
        return False

    def _agency_end(self, k: int, end: int) -> int | None:
        """The token after a news agency's name spoken to at ``k`` (لرويترز، لفرانس برس، للجزيرة نت), else None."""
        if not self._agency_after_li(k):
            return None
        j = k + 1
        while j < end and j - k <= 2 and (self.keys[j] in _AGENCY_NAME_TAILS or self.raw[j].isdigit()):
            j += 1  # برس، نيوز، نت، 24
        return j

    def _object_past_open_saying(self, k: int, end: int) -> int | None:
        """Where the object starts after the phrase of where it was said at ``k`` that a comma opened but none closes,
        or that a date set off by commas follows: an indefinite or owned noun (أعلنت الخطوط التونسية، في بلاغ لها
        اليوم انطلاق …، وأكدت النقابات، في بيان مشترك رفضها …) or the object after عن (أعلنت الشركة، في بلاغ لها
        عن تسجيل …، أعلنت الوزارة، في بلاغ لها، مساء الجمعة، عن تعيين …); None otherwise."""
        j = self._past_saying(k, end)
        if j > k and self.raw[j - 1] in _COMMAS:
            return None  # (في تصريح لمراسلة الإذاعة، روضة علاڨي، …: a comma inside the phrase, a name after it)
        if j < end and self.keys[j] in _DOCUMENT_QUALIFIERS:
            j += 1  # في بيان مشترك
        if j + 1 < end and self.raw[j] in _COMMAS:
            after = self._past_day_aside(j + 1, end)
            if after == j + 1 and self.keys[after] != _AN_FROM:
                return None  # (في بلاغ لها، ضرورة …: closed by its comma, read by _object_past_saying)
            j = after
        if j + 1 >= end or self.punct[j] or self._is_cue(j) or self._is_complementiser(j):
            return None
        if self.keys[j] == _AN_FROM:
            return j + 1 if self._object_at(j + 1) or self._object_at(j + 1, definite=True) else None
        if self._object_at(j) and self.keys[j] not in _ASIDE_HEADS_OR_AT and self.keys[j] not in _CIRCUMSTANCE_HEADS:
            return j
        return None

    def _object_past_saying(self, k: int, end: int) -> int | None:
        """Where a noun-phrase object starts after the phrase of where it was said at ``k`` and the comma closing it
        (في تصريح لـ«الشروق»، وضع …), or None."""
        if not (k < end and self._saying_at(k)):
            return None
        told_correspondent = False
        j, limit = k + 2, min(end, k + _MAX_SAYING_ADVERBIAL + 1)
        while j < limit:
            told_correspondent = told_correspondent or _correspondent(self.keys[j])
            if self.raw[j] in _COMMAS:
                after = j + 1
                if told_correspondent and (named := next(
                    (m for m in range(after + 1, min(end, after + 4)) if self.raw[m] in _COMMAS), None
                )) is not None:
                    after = named + 1  # في تصريح لمراسلة الإذاعة، روضة العلاقي، …: the correspondent's name
                if after < end and self._object_at(after) and self.keys[after] not in _ASIDE_HEADS_OR_AT:
                    return after
                return None
            quote_mark = self.raw[j] in self.lexicon.openers or j in self.closing  # a quoted outlet: لـ«الشروق»
            if (self.punct[j] and not quote_mark) or self._is_cue(j) or self._is_complementiser(j):
                return None
            j += 1
        return None

    def _nominal(self, i: int, cue: NominalCue, consumed: set[int]) -> _Candidate | None:
        """بحسب / وفقا لـ / نقلا عن / على حد قول ...: the source follows; the content is the clause around."""
        lex = self.lexicon
        size = len(cue.tokens)
        keys = self.keys
        if i + size > self.n:
            return None
        if size > 1 and keys[i + 1] != cue.tokens[1] and (size > 2 or cue.tokens[-1] != _QAWL):
            return None  # في or على before anything but بيان or حد: the common case, settled before any slicing
        first = keys[i][1:] if keys[i].startswith("و") and keys[i] != cue.tokens[0] else keys[i]
        if first != cue.tokens[0]:
            return None
        if size > 1 and cue.tokens[-1] == _QAWL and tuple(keys[i + 1 : i + size - 1]) == cue.tokens[1:-1]:
            owner = _saying_owner(keys[i + size - 1])
            if owner is not None:
                return self._owned_saying(i, i + size, owner[1], consumed)  # على حد قوله، على حد تعبيرها
        if tuple(keys[i + 1 : i + size]) != cue.tokens[1:]:
            return None
        end = i + size
        if (cue.takes_ma or cue.requires_ma) and end < self.n and (owner := _saying_owner(keys[end])) is not None:
            return self._owned_saying(i, end + 1, owner[1], consumed)  # …، وفق قوله. …، حسب تصريحها.
        said = cue.takes_verb  # a verb of saying ends the cue: the speaker, maybe after an addressee, follows
        if cue.takes_ma and end + 1 < self.n and keys[end] in _MA_PARTICLES and not self.punct[end + 1]:
            end += 2
            said = True
            if keys[end - 1] in _CAME and end < self.n and keys[end] in _IN_OR_ON:
                end += 1  # وفق ما جاء في بلاغ للوزارة، على الصفحة الرسمية: what came in a document, the source
        elif cue.takes_ma and end < self.n and keys[end].startswith("ما") and self._verb_form(keys[end][2:]):
            end += 1  # وفق ماصرح به، حسب ماذكره: ما typed onto its verb
            said = True
        elif cue.requires_ma and end < self.n and keys[end] in lex.speech_events and keys[end] not in _SETTINGS:
            # وفق تصريح الزوج، حسب بيان الوزارة: the saying is named, so no ما is needed. Its owner after ل
            # (حسب تقرير للبنك الدولي) makes the document the source, as بحسب بيان للوزارة does.
            if not (end + 1 < self.n and (
                keys[end + 1].startswith("ل") or keys[end + 1] in _DOCUMENT_QUALIFIERS or keys[end + 1] in _SELF_AFTER
                or self.raw[end + 1] in _TERMINAL or self.raw[end + 1] in _COMMAS
            )):
                end += 1  # (وفق بلاغ صادر عن الوزارة، حسب بلاغ إعلامي للخارجية، وفق البيان ذاته.، وفق البيان.: the
                # document is the source)
        elif (
            cue.requires_ma and end + 1 < self.n and keys[end] in _SELF_WORDS
            and (self._definite_document(keys[end + 1]) or keys[end + 1] in _INFORMANTS)
        ):
            pass  # وفق ذات البيان، حسب نفس البلاغ، وفق نفس المصدر: the document or informant named before is the source
        elif (
            cue.requires_ma and end + 1 < self.n and self._definite_document(keys[end])
            and (keys[end + 1] in _SELF_AFTER or self.raw[end + 1] in _TERMINAL)
        ):
            pass  # …، وفق البيان ذاته، …، حسب التقرير.: the document named before, on its own, is the source
        elif cue.requires_ma and end < self.n and (
            keys[end] in _INFORMANTS or _is_correspondent(keys[end]) or self._titled(end) or self._authority_closing(end)
        ):
            # حسب المصدر ذاته، وفق شهود عيان، وفق مراسلة الإذاعة، وفق رئيس الحكومة: an informant, or whoever holds a
            # role, is named, so it is attribution
            pass
        elif cue.requires_ma and not (self._opens_sentence(i) and self._complementiser_after_phrase(end) is not None):
            return None  # حسب توجيهات الوزير، وفق خطوات: manner, not attribution (but وحسب الرواية فإن …)
        elif cue.takes_verb and end < self.n and keys[end] in lex.forms:
            end += 1
        elif cue.takes_verb and end + 2 < self.n and keys[end] in _CAME and keys[end + 1] == _FI:
            end += 2  # وفقا لما جاء في بلاغ للوزارة: what came in a document, which is the source
        while end < self.n and keys[end] in _DEMONSTRATIVE_REFS:
            end += 1
        if not said and end < self.n and (
            (noun := _without_li(keys[end])) in _PROCEDURES or _without_article(noun) in _PROCEDURES  # (آلية: الية)
        ):
            return None  # ووفقا لآلية العمل المتبعة، تتوزع الفرق …: a procedure followed, nobody's words
        sid = self.sentence_of[i]
        sentence_start, sentence_end = self.sentence_start[sid], self.sentence_end[sid]
        source_start = end
        if said:
            # وفق ما صرح به اليوم السبت، العقيد …، وفق ما ذكره، اليوم الاثنين، المدير العام: when it was said, then
            # the speaker.
            k = source_start + 1 if source_start < sentence_end and self.raw[source_start] in _COMMAS else source_start
            first_time = k
            k = self._past_date(k, sentence_end)
            if k > first_time and k + 1 < sentence_end and self.raw[k] in _COMMAS:
                source_start = k + 1
            elif k > first_time == source_start and k < sentence_end and not self.punct[k]:
                source_start = k  # وفق ما ذكره اليوم المعتمد الأول: when, then the speaker
        if said and source_start + 2 < sentence_end and self._saying_at(source_start):
            # حسب ما أكده في تصريح للجوهرة أف أم الأستاذ فلان: where it was said and to whom, then the speaker
            k = source_start + (3 if keys[source_start + 1] in _SELF_WORDS else 2)
            past = self._past_saying(source_start, sentence_end)
            if (
                source_start + 2 < past + 1 < sentence_end and self.raw[past] in _COMMAS and not self.punct[past + 1]
                and not self._is_cue(past + 1)
            ):
                # بحسب ما أكده في اتصال هاتفي بالجوهرة أف أم، فلان: the whole phrase of the saying, a comma, then the
                # speaker
                source_start = past + 1
            elif k < sentence_end and self._addressee_at(k):
                source_start = self._past_addressee(k, sentence_end)
        if source_start < sentence_end and self._addressee_at(source_start) and said:
            # بحسب ما أكده لمراسلة الإذاعة، فلان: the speaker follows
            source_start = self._past_addressee(source_start, sentence_end)
            dated = self._past_date(source_start, sentence_end)
            if (
                dated > source_start and dated < sentence_end and not self.punct[dated]
                and self.keys[source_start] in self.lexicon.temporal and self.keys[dated - 1] != _DAY
            ):
                source_start = dated  # وفق ما أكده للجوهرة أف أم اليوم الجمعة مصدر أمني: whom, when, then who (not
                # 3 شهود عيان, يوم الحادثة شاهد: a number of the speaker's, a day that a noun names)
        elif said and source_start + 1 < sentence_end and keys[source_start] == "ل" and source_start + 1 in self.close_of:
            # بحسب ما صرح به لـ"الجوهرة أف ام"، مصدر أمني: the quoted name spoken to, then the speaker
            source_start = self.close_of[source_start + 1] + 1
            if source_start < sentence_end and self.raw[source_start] in _COMMAS:
                source_start += 1
        source_end = self._source_after(source_start, sentence_end)
        if source_end == source_start:
            return None
        source = self._trim(source_start, source_end)
        if source is None:
            return None
        if cue.needs_complementiser and self.keys[source[0]].startswith("ل") and (
            not self.keys[source[0]].startswith("لل") or self._station_at(source[0] + 1)
        ):
            source = None  # في تصريح لـ«الرياض» أن …، في تصريح للجوهرة أف أم: the medium; the speaker is named elsewhere
        content: tuple[int, int] | None
        kind = "nominal"
        if cue.needs_complementiser:
            # وجاء في بيان صادر عن الوزارة أن …: the complementiser follows the document named.
            kind = "nominal-lead"
            content = None
            for j in range(source_end, min(sentence_end, source_end + 6)):
                if self._is_complementiser(j):
                    content = (j + 1, self._clause_end(j + 1))
                    break
                quoted = j if self.raw[j] in lex.openers else j + 1 if self.raw[j] == ":" else None
                if (
                    quoted is not None and cue.tokens[0] in _CAME and quoted in self.close_of
                    and self.inside(quoted) > _MAX_QUOTED_NAME and not self._station_quoted(quoted)
                ):
                    # وجاء في البيان: «…»، وجاء في بيان رئيس الإقليم «…»: the document's words, quoted
                    content = (quoted + 1, self.close_of[quoted])
                    break
                if self.punct[j] or self._is_cue(j):
                    break
            if content is None:
                return None
        elif i - sentence_start <= 1 or (i > 0 and self.raw[i - 1] in _COMMAS and i - sentence_start <= 2):
            kind = "nominal-lead"
            if source is not None and (apposition := self._apposition_end(source[0], source_end, sentence_end)) is not None:
                # وبحسب تصريح للمتحدث باسم المحكمة، ماهر البحري، تم …: the name set off by commas is the informant's
                source_end = apposition
                source = (source[0], source_end)
            k = source_end
            found = self._complementiser_after_phrase(source_end)
            if found is not None:
                k = found + 1  # وبحسب دريك فإن …، بحسب الخبراء إن …، وبحسب المسؤول، الذي …، فإن
            while k < sentence_end and self.punct[k]:
                k += 1
            content = (k, self._clause_end(k)) if k < sentence_end else None
        else:
            # The clause before is attributed only when the cue is set off from it (…، بحسب الوزارة.)
            # or names a saying (وفق ما أظهرته البيانات), and the source closes it: بحسب الأغراض
            # and وفقا للأنظمة inside a clause say "depending on", not "according to".
            closes = source_end
            if said and closes < sentence_end and keys[closes] == _AN_FROM:
                closes = self._source_after(closes + 1, sentence_end)  # بحسب ما نقلت رويترز عن مصادر طبية.
            # …وفق ما أفاد به أمين عام الاتحاد اليوم الاثنين.، …وفق بلاغ لوزارة الداخلية اليوم.
            closes = self._past_date(closes, sentence_end)
            closes = self._withheld.get(closes, closes)  # …، حسبما ذكر ضابط طلب عدم الكشف عن هويته، …
            if (spoken := self._spoken_to_end(closes, sentence_end)) is not None:
                closes = spoken  # …، وفق تصريح الأب للإذاعة.، …، وفق ما أكده مصدر أمني لـ"الجوهرة أف أم".
                closes = self._past_date(closes, sentence_end)  # …، وفق ما أكده فلان لـ"وات" الاثنين، …
            elif said and closes in self.close_of and self._station_quoted(closes):
                closes = self.close_of[closes] + 1  # …، وفق ما أفاد به مصدر أمني "الجوهرة أف أم".: ل left out
            elif said and closes < sentence_end and self._saying_at(closes):
                # …، وفق ما أفاد به مدير الوحدة في تصريح لوكالة الأنباء.: where it was said ends the sentence.
                closes = self._saying_end(closes, sentence_end)
            closes = self._place_end(closes, sentence_end)
            closes = self._closing_adverbial_end(closes, sentence_end)
            if closes < sentence_end and (keys[closes] in _RELATIVES or self._indefinite_relative(source_end, closes)):
                # …، بحسب المقايدي الذي عبر عن أمله …، …بحسب ما أفاد به مصدر أمني أفاد الجوهرة أف أم: a relative
                # clause on the source (an indefinite noun takes one with no الذي)
                closes = sentence_end
            if closes + 1 < sentence_end and self.raw[closes] in _COMMAS and self._complementiser_past_day(closes + 1, sentence_end):
                # وأعلنت الشرطة، وفقا للوكالة، أن …، ذكرت رويترز نقلا عن صحيفة ألمانية، اليوم الأحد، أن …: an aside
                # inside the verb's report
                return None
            if closes < sentence_end and self.raw[closes] not in _COMMAS and self.raw[closes] not in _TERMINAL:
                return None
            set_off = i > 0 and (self.raw[i - 1] in _COMMAS or keys[i - 1] in _THAT_WAS)
            head = keys[source[0]]
            if not set_off and end - i <= len(cue.tokens) and not (
                head in _INFORMANTS or self._document(head) or _is_correspondent(_without_li(head))
                or self._authority_closing(source[0])
            ):
                # …الى العنف حسب مصدر لمراسلة الإذاعة.، …على التحقيق حسب مراسلنا في الجهة.، …وفق بلاغ صادر عن
                # الداخلية.: an informant, a document or the outlet's correspondent ending the sentence is
                # attribution, set off or not (وفق البرنامج التالي is not)
                return None
            stop = i
            while stop > sentence_start and (self.raw[stop - 1] in _COMMAS or self.keys[stop - 1] in _THAT_WAS):
                stop -= 1  # …، وذلك بحسب ما أعلنه: "that was", pointing back at what was said
            content = (sentence_start, stop)
            if stop - sentence_start <= _MAX_ASIDE_HEAD and closes + 1 < sentence_end and self.raw[closes] in "،,":
                # وترمي المذكرة، وفق بيان لرئاسة الحكومة، إلى تعزيز …: an aside after the clause's first words;
                # what follows it says most of what was reported.
                after = (closes + 1, self._clause_end(closes + 1))
                if after[1] - after[0] > max(_MAX_ASIDE_HEAD, stop - sentence_start):
                    content = after
        if content is None:
            return None
        content = self._trim(*content)
        if content is None:
            return None
        consumed.update(range(i, end))
        return _Candidate((i, end), content, source, None, kind, sid)

    def _indefinite_relative(self, source_end: int, k: int) -> bool:
        """True when the verb at ``k`` opens a relative clause on the indefinite noun ending at ``source_end``
        (مصدر أمني أفاد الجوهرة: "a security source who told …"): Arabic writes it with no الذي; a conjunction
        glued to the verb (وأفاد) starts a new clause instead."""
        form = self.lexicon.forms.get(self.keys[k])
        return (
            k == source_end and k > 0 and form is not None and form.kind == "verb" and form.person == 3
            and not form.clitic and not self._definite_at(k - 1) and not self.punct[k - 1]
        )

    def _authority_closing(self, k: int) -> bool:
        """Whether a definite authority or institution (الشرطة، الوزارة، الجمعية الوطنية للمحامين) at ``k`` is a whole
        phrase closing its sentence or clause, as after حسب / وفق it names who said it (…حسب الشرطة.), not a rule or
        order followed (حسب القانون، حسب الترتيب)."""
        key = self.keys[k]
        if not (key.startswith("ال") and (key in _AUTHORITIES or key[2:] in _INSTITUTION_HEADS)) or self._document(key[2:]):
            return False  # (البيان، البلاغ: a document's readings after حسب are settled apart)
        sentence_end = self.sentence_end[self.sentence_of[k]]
        end = self._source_after(k, sentence_end)
        return end > k and end - k <= 6 and (end >= sentence_end or self.raw[end] in _TERMINAL or self.raw[end] in _COMMAS)

    def _owned_saying(self, i: int, end: int, gender: str | None, consumed: set[int]) -> _Candidate | None:
        """…، وفق قوله.: the clause before the comma, said by whoever the pronoun stands for (resolved as a dropped
        subject is), or what follows its complementiser; only when the phrase (and whom it was said to) ends the
        sentence or a new clause follows it, and no cue before it in the sentence reports that clause already."""
        sid = self.sentence_of[i]
        sentence_start, sentence_end = self.sentence_start[sid], self.sentence_end[sid]
        if i == 0 or i - 1 <= sentence_start:
            return None
        # …، حسب تصريحاته للإذاعة.، …، حسب تصريحاته لـ "الجوهرة أف أم".: whom it was said to
        spoken = self._spoken_to_end(end, sentence_end)
        after = end if spoken is None else spoken
        if self.raw[i - 1] not in _COMMAS and (self.punct[i - 1] or (after < sentence_end and self.raw[after] not in _TERMINAL)):
            # …تراجعت وفق قوله.، …مضت حسب قوله.: with no comma, only the phrase that ends its sentence
            return None
        if after < sentence_end and self.raw[after] not in _TERMINAL and not self._new_clause_after_comma(after, sentence_end):
            # كما ستجنب هذه المنظومة، على حد قوله، الشركات …: an aside inside the clause it qualifies; but …، حسب
            # تعبيره، وهو ما أدى إلى …: a new clause follows, so the phrase closes the one before it
            return None
        if any(self._is_cue(k) for k in range(sentence_start, i)):
            return None  # وأوضح النصري أن …، على حد تعبيره: the verb's quote is the report; the phrase only confirms it
        # واستنتج الوزير أن العملية بدأت …، بحسب تعبيره: a verb the lexicon does not count as a cue, its complementiser,
        # and what was said after it.
        said_from = next((k + 1 for k in range(sentence_start + 1, i - 1) if self._is_complementiser(k)), sentence_start)
        source = None
        if said_from == sentence_start and (found := self._verb_and_subject(sid)) is not None:
            # رفض رئيس الجمهورية الباجي قايد السبسي التصريح بفحوى المكالمة …، حسب قوله.: the subject of the verb
            # the sentence opens with says it; what follows the subject is what was said.
            verb, subject = found
            head = self.raw[subject[0]]
            bare = _without_article(self.keys[subject[0]])
            body = not self._title_word(subject[0]) and (
                bare in _AUTHORITIES or bare in _INSTITUTION_HEADS or bare in self.lexicon.media
            )  # (ودخل المكتب في إضراب …، حسب قوله: an office, no person; the pronoun stands for who spoke before)
            verb_gender = self._verb_gender(verb)
            if verb_gender is None and len(self.raw[verb]) >= 4 and self.raw[verb].endswith("ت"):
                verb_gender = "f"  # وقد طورت «غوغل» …: a past verb agreeing with a feminine subject
            if (
                sentence_start < subject[0] and not any(self.punct[m] for m in range(subject[0], subject[1]))
                and subject[1] + 1 < i and self._person_like(subject[0]) and not body
                and not any(self.keys[m] in _ALSO_THEN for m in range(sentence_start, verb))
                and not (verb_gender is not None and gender is not None and verb_gender != gender)
                and not is_stop_word(head) and self.keys[subject[0]] not in self.lexicon.source_stop
                and self.keys[subject[0]] not in _PREPOSITION_NOUNS and not head.endswith(("ه", "ها", "هم"))
            ):
                # (not كما قام المحافظ بالاتصال …، وفق تعبيره: "also", the speaker of the sentence before goes on;
                # nor كما مثلت صيغة الانتداب …، وفق قوله: a verb whose subject is no "he"; nor وبرر اختياره …: its
                # object).
                source, said_from = subject, subject[1]
                whole = self._source_after(subject[0], i)
                if subject[1] < whole <= subject[1] + 2 and whole + 1 < i and not any(
                    self.punct[m] or _verbal_noun(self.keys[m]) or _masdar_like(self.keys[m]) or self._owned_noun(m)
                    or self.keys[m] in self.lexicon.temporal
                    for m in range(subject[1], whole)
                ):
                    # a name the split cut off (رئيس الجمهورية الباجي | قايد السبسي)
                    source, said_from = (subject[0], whole), whole
        if source is None and self.raw[i - 1] not in _COMMAS and not self._speaker_before(sid) and not any(
            self._title_word(m) for m in range(sentence_start, i)
        ):
            # وكان العقد الموقع … قد واجه انتقادات … بحسب قولهم.: with no comma, no subject that says it, no title in
            # the sentence (كما تحدث وزير الفلاحة عن … وفق تعبيره) and nobody speaking in the sentence before, the
            # pronoun has no speaker to stand for
            return None
        content = self._trim(said_from, i)
        if content is None:
            return None
        consumed.update(range(i, after))
        return _Candidate((i, end), content, source, gender, "nominal-owned", sid)

    def _speaker_before(self, sid: int) -> bool:
        """Whether the sentence before sentence ``sid``, in its paragraph, has a cue: someone speaks there, whom a
        pronoun of a saying closing sentence ``sid`` (…تراجعت وفق قوله.) may stand for."""
        if sid == 0:
            return False
        start, end = self.sentence_start[sid - 1], self.sentence_end[sid - 1]
        if end <= start or self.paragraph_of[start] != self.paragraph_of[self.sentence_start[sid]]:
            return False
        return any(self._is_cue(k) for k in range(start, end))

    def _spoken_to_end(self, k: int, end: int) -> int | None:
        """The end of whom it was said to at ``k``, after a saying or its speaker: an addressee phrase (للإذاعة،
        لمراسل …) or a quoted name after لـ (لـ"الجوهرة أف أم"); None when none stands there."""
        if k < end and self._addressee_at(k):
            return self._addressee_end(k, end)
        if k + 1 < end and self.keys[k] == "ل" and k + 1 in self.close_of:
            return self.close_of[k + 1] + 1
        if k + 1 < end and self.keys[k] == "ل" and (bracketed := self._bracket_end(k + 1)) is not None:
            return bracketed  # …، وفق ما أكده مصدر أمني لـ(وات).
        return None

    def _new_clause_after_comma(self, k: int, end: int) -> bool:
        """True when the comma at ``k`` is followed by a word that opens a new clause (وهو ما، مما، بينما، لكن)."""
        if not (self.raw[k] in _COMMAS and k + 1 < end):
            return False
        key = self.keys[k + 1]
        return key in _CLAUSE_OPENERS or key in self.lexicon.connectors or key in _COORDINATORS

    def _trailing_cues(self, found: list[_Candidate], headline: set[int]) -> Iterable[_Candidate]:
        """«…»، قال الوزير: a direct quote whose cue comes after it."""
        lex = self.lexicon
        claimed = [c.content for c in found]
        for opener, close in self.close_of.items():
            if self.inside(opener) < _MIN_DIRECT_TOKENS or self.paragraph_of[opener] in headline:
                continue
            inner = (opener + 1, close)
            if any(a <= inner[0] and inner[1] <= b + 1 for a, b in claimed) or any(
                inner[0] <= a and b <= inner[1] for a, b in claimed
            ):
                continue
            k = close + 1
            while k < self.n and k <= close + 2 and (self.raw[k] in _COMMAS or self.raw[k] in _DASHES):
                k += 1
            if k >= self.n:
                continue
            form = lex.forms.get(self.keys[k])
            if form is None or form.kind != "verb" or self._elative_at(k):
                continue  # «…»، أبرز محاور اللقاء: the elative, what the quotation was
            if form.lemma == _SHOW and not form.perfect:
                continue  # «…»، يظهر فيه …: يَظهر "appears"; nobody says a quotation by showing it
            content = self._trim(*inner)
            if content is None:
                continue
            source_end = self._source_after(k + 1, self.sentence_end[self.sentence_of[k]])
            source = self._trim(k + 1, source_end) if source_end > k + 1 else None
            yield _Candidate((k, k + 1), content, source, form.gender, form.kind, self.sentence_of[k])

    # --- sources --------------------------------------------------------------------------

    def _sentence_subject(self, sid: int, *, lenient: bool = False) -> tuple[int, int] | None:
        """The noun phrase after a sentence's first verb (verb-subject order), skipping openers such as بعد ذلك.
        ``lenient`` (for a participle's speaker) also looks past an opening prepositional phrase set off by a comma
        (وفي هذا السياق، استقبل الوزير …) or made of a demonstrative (ورغم ذلك دافع المدرب …), and past a pronoun
        with a preposition between the verb and its subject (وتتفق معها المعلمة …)."""
        found = self._verb_and_subject(sid, lenient=lenient)
        return found[1] if found is not None else None

    def _past_opening_phrase(self, k: int, end: int) -> int | None:
        """Where the verb stands after an opening prepositional phrase at ``k`` (its preposition at ``k - 1``): past
        a comma that closes it within a few words, or past a demonstrative (ورغم ذلك، وبعد هذا), else None."""
        if k < end and self.keys[k] in _SUBORDINATORS:
            return None  # في حين يرفض فلان …: a clause, not a prepositional phrase
        if (
            k + 1 < end and self._definite_at(k) and not self.punct[k + 1] and not self._definite_at(k + 1)
            and not is_stop_word(self.raw[k + 1]) and not self.keys[k + 1].startswith(("ب", "ل"))
            and self.keys[k + 1][:3] not in _SELF_WORDS and self.keys[k + 1] not in _ADJECTIVE_OR_TIME
            and not _dual_plural_or_number(self.keys[k + 1])
        ):
            return k + 1  # في المقابل ثمن فلان، …: the verb right after a one-word phrase
        for m in range(k, min(end, k + _MAX_OPENING_PHRASE)):
            if self.punct[m]:
                if (
                    self.raw[m] in _COMMAS and m + 1 < end and not self.punct[m + 1]
                    and self.keys[m + 1] not in _ASIDE_PRONOUNS and not is_stop_word(self.raw[m + 1])
                    and self.keys[m + 1] not in _PREPOSITION_PRONOUNS and not _dual_plural_or_number(self.keys[m + 1])
                ):
                    return m + 1  # (not …، بينهم أطفال: a preposition's pronoun opens no clause)
                break
        if k + 1 < end and self.keys[k] in _LENIENT_DEMONSTRATIVES and not self.punct[k + 1]:
            return k + 1
        return None

    def _verb_and_subject(self, sid: int, *, lenient: bool = False) -> tuple[int, tuple[int, int]] | None:
        """``(verb, subject)`` of :meth:`_sentence_subject`: where the sentence's first verb stands, and its subject."""
        lex = self.lexicon
        k, end = self.sentence_start[sid], self.sentence_end[sid]
        for j in range(k, min(end, k + _MAX_DATELINE)):
            if self.keys[j] in lex.forms:
                break
            if self.raw[j] == ":":  # a byline or dateline (محمد أبو شعر- سبق: يواصل …)
                k = j + 1
                break
        skipped = 0
        kana = False
        while k < end and skipped < 4 and (
            self.punct[k] or self.keys[k] in lex.discourse or self.keys[k] in lex.temporal or self.keys[k] in _BARE_CONJUNCTIONS
        ):
            kana = self.keys[k] in _KANA_FORMS
            if self.keys[k] in _TOPIC_PREPOSITIONS:
                return None  # وعن خضوعها للعلاج قالت: a fronted topic, not a verb and its subject
            k += 1
            skipped += 1
        if lenient and k < end and self._definite_at(k) and self.keys[k - 1] not in _OPENING_PREPOSITIONS and any(
            self.keys[m] in _OPENING_PREPOSITIONS for m in range(self.sentence_start[sid], k)
        ):
            # وفي هذا السياق، استقبل …: the skipped opener's phrase runs on to a comma
            past = self._past_opening_phrase(k, end)
            if past is None or self.keys[past] in lex.forms or self._definite_at(past) or self.keys[past] in _OPENING_PREPOSITIONS:
                return None
            k = past
        elif k < end and k > self.sentence_start[sid] and self.keys[k - 1] in _OPENING_PREPOSITIONS:
            if not lenient or (past := self._past_opening_phrase(k, end)) is None:
                return None  # وفي نفس السياق، أكد …: the preposition's noun, not a verb
            k = past
            if self.keys[k] in lex.forms or self._definite_at(k) or self.keys[k] in _OPENING_PREPOSITIONS:
                return None  # a cue speaks for itself; a noun or another phrase is no verb
        elif lenient and k < end and (self.keys[k] in _LENIENT_OPENERS or self.keys[k] in _OPENING_PREPOSITIONS):
            past = self._past_opening_phrase(k + 1, end)
            if past is None or self.keys[past] in lex.forms or self._definite_at(past):
                return None
            k = past
        if k < end and (self._fronted_topic(k) or self._as_regards(k - 1)):
            return None  # وبخصوص المشروع، أوضح …، وفيما يتعلق بالمشروع، أوضح …: a fronted topic
        if kana and k < end and not self.punct[k]:
            k -= 1  # وكانت القوات الروسية دخلت …: the subject follows كان, before its verb
        if k < end and self.keys[k] in _NOT_A_VERB_OPENING:
            return None  # وتم الكشف عن …، إثر تلقي الوحدات …: no verb and its subject (the noun is what was done)
        if k < end and self.keys[k] in _AROUND and (
            (comma := next((m for m in range(k + 1, min(end, k + _MAX_SOURCE)) if self.punct[m]), None)) is not None
            and self.raw[comma] in _COMMAS and comma + 1 < end
            and getattr(lex.forms.get(self.keys[comma + 1]), "kind", None) == "verb"
        ):
            return None  # وحول عودة الحكومة، قال: …: a fronted topic (not the verb حوّل: وحول الوزير الملف إلى النيابة)
        form = lex.forms.get(self.keys[k]) if k < end else None
        if k < end and self.keys[k] in _QUANTIFIERS and self.keys[k] not in _ANY_QUANTIFIERS and not kana:
            # أحد الأطباء، الذي …، قال، بعض الفنانين الذين …، عدد من الأولياء …: a counted noun opens the sentence,
            # the subject of the verb that comes later
            noun = k + 2 if k + 2 < end and self.keys[k + 1] == _MIN else k + 1
            if noun >= end or not (
                self._definite_at(noun) or (noun + 1 < end and not self.punct[noun] and self._definite_at(noun + 1))
            ):
                return None  # a definite noun, or one in construct (إحدى تلميذات الباكالوريا)
            if (self.keys[k] == _NUMBER and noun == k + 1) or any(
                self.keys[m] in lex.temporal or self.keys[m] in _TIME_NOUNS or self.keys[m][2:] in _TIME_NOUNS
                or self.keys[m] in _CONJUNCTIONAL_NOUNS
                for m in (noun, noun + 1) if m < end
            ):
                return None  # عدد القتلى ارتفع: a count, not some people (عدد من الأولياء); معظم الوقت: a time
            # the counted noun, then its definite adjectives and genitives: the verb follows them (بعض الدراسات تطرح،
            # العديد من الملفات كانت …)
            stop = noun + 1
            while stop < end and not self.punct[stop] and _definite(self.keys[stop]) and not (
                self.keys[stop] in lex.temporal or self.keys[stop] in _RELATIVES_OR_AND
            ):
                stop += 1
            subject = self._trim(k, stop)
            return (k, subject) if subject is not None else None
        if k >= end or (self._definite_at(k) and not kana) or (form is not None and form.kind != "verb"):
            return None  # no verb first, or a participle opening the sentence (مؤكدا ضرورة …)
        if form is not None and self._plural_verb(k):
            return None  # وطالبوا السلطات …: a plural verb's subject is its suffix, the noun after it the object
        start = k + 1
        if start < end and self._addressee_at(start):
            start = self._past_addressee(start, end)  # وقال للصحفيين، …: whom he spoke to is not who spoke
        elif (past_name := self._quoted_addressee_end(start, end)) is not None:
            start = past_name  # وقال لـ«الشرق الأوسط» إن …: the newspaper spoken to
        if (
            start < end and self.keys[start] in _DATE_OPENERS
            and (dated := self._past_date(start, end)) < end and not self.punct[dated]
        ):
            start = dated  # كشف اليوم الثلاثاء محمد اليوسفي …: when, then who
        if start + 1 < end and self.keys[start] in lex.adverbs and self.keys[start] not in lex.temporal:
            while start + 1 < end and self.keys[start] in lex.adverbs and self.keys[start] not in lex.temporal:
                start += 1  # انتقد بشدة الأمين العام …، وأكد بالمناسبة …: how it was said, not who said it
            if self._glued_bi(start):
                return None  # وذكر بالمناسبة ببعض التفاصيل: the verb's object, its subject dropped
        if (
            lenient and start + 1 < end and self.keys[start] in _PREPOSITION_PRONOUNS
            and self._speaker_head(start + 1)
        ):
            start += 1  # وتتفق معها المعلمة ندى …: who agrees with her, past the pronoun
        if form is None and (quoted := self._quoted_subject(k, start, end)) is not None:
            return k, quoted  # وأدانت «القائمة العربية المشتركة» الهجوم: a name in quotation marks, then the object
        source_end = self._source_after(start, end) if start < end else start
        if (
            source_end <= start or self.keys[start] in lex.honorifics or _accusative(self.raw[start])
            or self.keys[start] in _PREPOSITION_PRONOUNS or self.keys[start] in _DURATIONS
            or self.keys[start] in _NEGATING_NOUNS or self._stance_object(start)
            or (form is not None and form.lemma in _PERSON_OBJECT_LEMMAS and self.keys[start] in _ANY_OR_ALL) or any(
                self.keys[k].startswith(prefix) and len(self.keys[k]) - len(prefix) >= 3
                for prefix in ("بال", "وبال", "فبال", "ولل", "فلل")
            )
        ):
            # … or وبالتحري معهما، اعترفا: a prepositional phrase opens the sentence, no verb and its subject; وظل
            # طوال اللقاء يؤكد: how long, the subject dropped
            return None
        if (len(self.keys[start]) > 4 and self.keys[start].startswith(("بال", "لل"))) or (
            form is not None and self._glued_object(start, lex.object_prepositions.get(form.lemma, frozenset()))
        ) or (self.keys[start].startswith("ب") and _masdar_like(self.keys[start][1:])):
            # وذكّرت بالتزامات تونس، وتوجه للمحتجين: a prepositional phrase, the subject dropped. Only the
            # definite ones, or the verb's own preposition (وطالبت بإنقاذ …): an indefinite word may open with
            # a root ب (بيان، بلدية) or name who was asked (وباتصالنا بسمير عبد الجواد، أكد …); but بـ before a
            # derived verbal noun opens the object (كما وعد بإجراء تداول سلمي على السلطة …).
            return None
        split = self._subject_object_split(start, source_end)
        subject = self._trim(start, split if split is not None else source_end)
        return (k, subject) if subject is not None else None

    def _inside_marks(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` is exactly the words inside a pair of quotation marks («القائمة العربية المشتركة»)."""
        k = span[0] - 1
        return k >= 0 and self.raw[k] in self.lexicon.openers and self.close_of.get(k) == span[1]

    def _quoted_subject(self, verb: int, k: int, end: int) -> tuple[int, int] | None:
        """A short name in quotation marks at ``k``, right after a verb that is no cue, with more of its clause after it
        (وأدانت «القائمة العربية المشتركة» الهجوم، وتركز «توينتي 14 هولدنغز» على …): the verb's subject, or None. Not
        after a word that reads as a noun, whose genitive the name is (صحيفة «الحياة»، وبداية «الأزرق»، لـ"اليوم")."""
        if not (k < end and self.raw[k] in self.lexicon.openers and k in self.close_of):
            return None
        key, raw = self.keys[verb], self.raw[verb]
        if (
            len(key) < 3 or is_stop_word(raw) or key in _NOT_REPORTING or raw.endswith(("ة", "ه", "ات", "ي", "ى"))
            or key.startswith("ل") or key in self.lexicon.media or key in self.lexicon.roles or self._title_word(verb)
            or is_institution_noun(raw) or _masdar_like(key[1:] if key[:1] in ("و", "ف") else key)
        ):
            return None
        stem = key[1:] if key[:1] in ("و", "ف") and len(key) >= 4 else key
        if (stem.startswith("م") and len(stem) >= 4) or (
            len(stem) >= 6 and not stem.endswith("ت") and not stem.startswith(("ا", "أ", "إ", "ت"))
        ):
            return None  # وبرنامج «وتر وسمر»، مشروع “قناة السويس الجديدة”: a noun, the name its genitive or apposition
        close = self.close_of[k]
        if not (k + 1 < close < end - 1) or self.inside(k) > _MAX_QUOTED_NAME or self.punct[close + 1]:
            return None
        if any(self.punct[j] or self._is_cue(j) or self._is_complementiser(j) for j in range(k + 1, close)):
            return None
        return k + 1, close  # (the name without its marks: a span keeps punctuation outside)

    def _verb_gender(self, k: int) -> str | None:
        """The gender a verb at ``k`` gives its subject, when it shows it: the lexicon's for a cue; else a past verb
        joined by و or ف and ending in ت (وألقت، فنشرت) is feminine, one in ي (ويرى) masculine; None otherwise (a
        plural, or a word that may be no verb at all)."""
        form = self.lexicon.forms.get(self.keys[k])
        if form is not None:
            return None if self._plural_verb(k) else form.gender
        raw = self.raw[k]
        if len(raw) < 5 or raw[0] not in ("و", "ف") or raw.endswith(("وا", "ون", "ات")):
            return None
        if raw.endswith("ت"):
            return "f"
        return "m" if raw[1] == "ي" else None

    def _disagrees(self, verb: int, c: _Candidate) -> bool:
        """Whether the verb at ``verb``, opening the clause a dropped-subject cue ``c`` goes on, shows a gender other
        than the cue's (وتدخلت النائبة …، طالب فيه …): its subject is then not the cue's."""
        if self._plural_cue(c.cue[0]) or verb in self._relayed_cues:
            # وثمّنت أسر الفقيدين …، وقالوا …: a plural of people may take a feminine verb; ونقلت الصحيفة عن الزعيم
            # أن …، معتبرا …: the relaying verb's subject goes on all the same.
            return False
        gender = self._verb_gender(verb)
        return c.gender is not None and gender is not None and gender != c.gender

    def _own_first_person(self, i: int) -> bool:
        """Whether the cue at ``i`` is a perfect in ت that reads as the quoted speaker's own "I" (أكدتُ، حذرتُ، رأيتُ،
        توقعتُ) as well as "she": inside quotation marks, or right after the colon of direct speech (وقال: توقعت …)."""
        form = self.lexicon.forms.get(self.keys[i])
        if form is None or form.kind != "verb" or not self.raw[i].endswith("ت"):
            return False
        close = self.enclosing_close(i) if self.quoted else None
        if close is not None:
            opening = self.open_of[close]  # (the enclosing pair's opening mark, before ``i``)
        else:
            sentence_start = self.sentence_start[self.sentence_of[i]]
            opening = max((m for m in range(max(sentence_start, i - 2), i) if self.raw[m] == ":"), default=None)
        if opening is None:
            return False
        if i - opening <= 2 or self.keys[i - 1] in _AS_OPENERS:
            return True  # «رأيت أن …»، وقال: توقعت …، "كما أعلنت في …": opening what the speaker says
        if any(self.keys[m] in _SHE for m in range(max(opening + 1, i - 8), i)):
            return False  # "… وهي رفضت وقالت إنها …": she, named
        # "خلال زيارتي الأخيرة … أكدت على …"، "قلت منذ سنوات: … وتوقعت أن …": the speaker's own voice before it
        return any(
            (len(self.raw[m]) > 3 and self.raw[m].endswith(("تي", "ني", "نا")) and self.keys[m] not in _NOT_FIRST_PERSON)
            or self.keys[m] in _FIRST_PERSON_WORDS
            for m in range(opening + 1, i)
        )

    def _plural_phrase(self, start: int, end: int) -> bool:
        """Whether the speaker's phrase ``start``-``end`` may name several people, as a plural cue's subject must: a
        quantifier (عدد من، بعض، كل من), a plural or dual (المحتجون، ممثلو، النقابات، نشطاء، الباحثان، الأهالي، القضاة), a
        number, or words joined by و; not one person's name or title, nor one body (المصدر، المرصد الملكي)."""
        for k in range(start, end):
            key = self.keys[k]
            if k > start and (key == "و" or self._joined_word(k)):
                return True  # الباحثان بيشوب و مونيك، كل من الأستاذ … و مديرة …، رئيس الغرفة وباقي الحضور
            if k - start >= 2:
                continue  # (a plural further on is a genitive: النائب بمجلس نواب الشعب، ضمن الفصل 61)
            if any(ch.isdigit() for ch in key):
                return True
            bare = _without_article(key)
            if (
                (key in _QUANTIFIERS and key not in _ONE_OF) or key in _PEOPLE_GROUPS or "ال" + bare in _PEOPLE_GROUPS
                or key in _PLURALS_IN_TA or "ال" + bare in _PLURALS_IN_TA or bare in _BROKEN_PLURALS_OF_PEOPLE
                or (len(bare) >= 4 and bare.endswith(("ون", "ين", "ان", "ات", "اء", "و")))
            ):
                return True
        if self.keys[start] in _COLLECTIVE_HEADS:
            return True  # مجلس المطارنة الموارنة، الاجتماع، الجمهور، جزء من الحركة: a body of people
        k = end
        while k < self.n and k < end + 2 and self.raw[k] in _COMMAS:
            k += 1
        # رائد اللقماني وحسن أبوعلي وتركي الصليمي …، يحيى آل زاهر، وإبراهيم حسن: a name the phrase stops at, and more
        if k < self.n and self._joined_word(k):
            return True
        # رئيس الهيئة شفيق صرصار والعضوان …، رئيس غرفة مصنعي الاسمنت و مديري الشركات: the name the phrase stopped
        # before (up to three words, no article), then another person joined by و
        j = end
        while j < self.n and j < end + 3 and not self.punct[j] and not self.keys[j].startswith("و") and not (
            self._is_cue(j) or self._is_complementiser(j)
        ):
            j += 1
        if j >= self.n:
            return False
        if self.raw[j] == "و":
            return j + 1 < self.n and self.keys[j + 1].endswith(_PEOPLE_ENDINGS)
        key = self.keys[j]
        return j > end and self._joined_word(j) and key[1:].startswith("ال") and key.endswith(("ان", "ين", "ون"))

    def _joined_word(self, k: int) -> bool:
        """Whether token ``k`` is a word joined by و that is no verb (وحسن، وباقي، والعضوان)."""
        key = self.keys[k]
        return key.startswith("و") and len(key) >= 4 and key not in self.lexicon.forms and not _accusative(self.raw[k]) and not (
            self.raw[k].endswith("ا") and not self.raw[k].endswith(("ها", "نا", "ما"))
        )  # (not واقفا: an adjective in the accusative; وأسرتها is joined)

    def _plural_cue(self, i: int) -> bool:
        """Whether the cue at ``i`` agrees with a plural subject: a plural verb (قالوا، يطالبون) or participle (مؤكدين)."""
        form = self.lexicon.forms.get(self.keys[i])
        if form is None:
            return False
        if form.kind == "participle":
            return self.keys[i].endswith(("ين", "ون"))
        return self._plural_verb(i)

    def _agreeing_subject(self, c: _Candidate, said: bytes | bytearray) -> tuple[int, int] | None:
        """For a dropped subject no earlier speaker agrees with, the subject of a verb of the same gender opening this
        sentence or one of the two before it (…وألقت الفنانة كلمة. وقالت إنها …), outside what anyone said, or None."""
        for sid in range(c.sentence, max(-1, c.sentence - 3), -1):
            found = self._verb_and_subject(sid)
            if found is None:
                continue
            verb, subject = found
            if (
                subject[1] <= c.cue[0] and not _overlap(subject, c.content) and not any(said[subject[0]:subject[1]])
                and self._verb_gender(verb) == c.gender
                and (self._person_like(subject[0]) or self._inside_marks(subject))
            ):
                return subject
        return None

    def _noun_like(self, k: int) -> bool:
        """Whether token ``k`` can open a noun phrase that names someone: not punctuation, a function word, a pronoun
        with a conjunction (فهي، وهو), an adverb or a word with a glued preposition (بالمناسبة)."""
        raw, key = self.raw[k], self.keys[k]
        if key in _QUANTIFIERS or self._title_word(k):
            return True  # بعض الدراسات، أحد الأطباء، والي الجهة (spelt as و + إلي)
        return not (
            self.punct[k] or is_stop_word(raw) or raw.strip("ـ") == "" or key in _ASIDE_PRONOUNS
            or key[1:] in _ASIDE_PRONOUNS_BARE or key in self.lexicon.discourse or key in self.lexicon.adverbs
            or self._prepositional_opening(k) or key in _PREPOSITION_PRONOUNS or len(key) < 2
        )

    def _nearer_actor(self, c: _Candidate, latest: tuple[int, int], said: bytes | bytearray) -> tuple[int, int] | None:
        """For a dropped subject, the subject of a verb that opens this sentence or the one before, named after the
        latest speaker ``latest``, when it names a speaker by title or role or as a person and its verb agrees (واستقبل
        والي الجهة وفدا … . وأكد أن …), else None."""
        for sid in (c.sentence, c.sentence - 1):
            if sid < 0 or self.sentence_start[sid] < latest[1]:
                break
            found = self._verb_and_subject(sid)
            if found is None:
                continue
            verb, subject = found
            if subject[1] > c.cue[0] or _overlap(subject, c.content) or any(said[subject[0]:subject[1]]) or self._is_cue(verb):
                continue
            gender = self._verb_gender(verb)
            if gender is None and (
                (self.raw[verb][:1] in ("و", "ف") and len(self.raw[verb]) >= 4)
                or (
                    verb > self.sentence_start[sid] and self.raw[verb - 1] in _COMMAS and len(self.raw[verb]) >= 3
                    and not self.raw[verb].endswith(("ة", "ات")) and not self.keys[verb].startswith("ال")
                )  # (…، لتغطية وربط جميع أرجاء مدينة جدة: a verbal noun, no verb)
            ):
                # واستقبل، وزارت: a past verb after و; من جانبه، قدم قائد الفريق …: after an opening phrase and its comma
                gender = "f" if self.raw[verb].endswith("ت") else "m"
            quoted = self._inside_marks(subject)  # (وأدانت «القائمة العربية المشتركة» الهجوم)
            if gender == c.gender and (self._speaker_head(subject[0]) or quoted):
                return subject
        return None

    def _opens_sentence(self, i: int) -> bool:
        """True when only discourse openers (من جهته، بدوره …) stand before token ``i`` in its sentence."""
        lex = self.lexicon
        k = self.sentence_start[self.sentence_of[i]]
        while k < i and (self.punct[k] or self.keys[k] in lex.discourse or self.keys[k] in lex.temporal):
            k += 1
        return k == i

    def _honoured_before(self, i: int, pronoun: str) -> tuple[int, int] | None:
        """The latest speaker before ``i`` named with the title a title pronoun stands for, right after a verb of
        saying (وقال معاليه … after وأكد معالي الأمين العام; وأعرب سموه … after وأعرب صاحب السمو الملكي الأمير سعود),
        or None; a titled name after a noun (بمتابعة صاحب السمو الأمير …) is no speaker."""
        titles = _HONOURED_TITLES.get(pronoun)
        if not titles:
            return None
        for k in range(i - 1, 0, -1):
            if self.keys[k] in titles and k + 1 < self.n and not self.punct[k + 1] and self.keys[k + 1] not in self.lexicon.honorifics:
                start = k - 1 if self.keys[k - 1] in _SAHIB else k
                if start == 0 or not self._is_cue(start - 1):
                    continue
                end = self._source_after(k + 1, self.sentence_end[self.sentence_of[k]])
                if end <= k + 1:
                    return None
                split = self._subject_object_split(start, end)  # (وأكد معالي الأستاذ فلان | أهمية الحوار)
                return self._trim(start, split if split is not None and split > k + 1 else end)
        return None

    def _lead_subject(self) -> tuple[int, int] | None:
        for sid in range(min(2, len(self.sentence_start))):
            found = self._sentence_subject(sid)
            if found is not None:
                return found
        return None

    def _closest_mention(self, antecedent: tuple[int, int], c: _Candidate, said: bytes | bytearray = b"") -> tuple[int, int]:
        """The latest mention of the antecedent's head word before the cue (…وأشاد دونيس بالمعسكر. وأضاف: …).

        The guidelines want the closest earlier explicit mention of the speaker, which
        may stand in a sentence that quotes nobody. The head is the antecedent's last
        word (the surname in سالم المسلط); a mention inside a quotation or inside what
        any quote of the text says (``said``: a flag per token) does not count: قالت وزارة
        الصحة إن إضراب أعوان الصحة … وأكدت: أعوان الصحة is what the ministry said, not the
        ministry.
        """
        a, b = antecedent
        head = self.keys[b - 1]
        if len(head) < 3 or head in self.lexicon.discourse or head in self.lexicon.titles or head in _ADJECTIVE_OR_TIME:
            return antecedent  # العام in الأمين العام names nobody on its own
        # وزير الصحة، المشرف على المهرجان: a title in construct or over something, with no name; الصحة or المهرجان
        # alone later is not the minister, only the title said again is (a definite title's adjectives and name,
        # الرئيس السوداني البشير, are not such a genitive: البشير later is the president).
        if head.startswith(("بال", "لل", "وال")) and len(head) > 5:
            return antecedent  # الكاتب العام للشغل بالمهدية: a place or a genitive with its preposition is nobody
        if b - 2 > a and self.keys[b - 2].startswith("ل") and len(self.keys[b - 2]) > 3 and _definite(head):
            return antecedent  # مجمع التنسيقيات لعمال الحضائر: the head word is the genitive of a word with لـ
        title_only = (
            (self.keys[a] in _ROLE_PREPOSITIONS or (self._title_word(a) and not self._definite_at(a)))
            and all(
                (self._definite_at(m) and not self._title_word(m)) or self.keys[m] in _NOT_A_SUBJECT
                or self.keys[m] == _BI_ISM or self.keys[m].startswith("ل")
                for m in range(a + 1, b)
            )
        )
        words = set(self.keys[a:b])
        content_start, content_end = c.content
        # The head word's own positions, latest first: scanning every token back to the antecedent made a text
        # of many dropped-subject quotes whose mentions all stand in what was said quadratic.
        positions = self._positions(head)
        for p in range(bisect.bisect_left(positions, c.cue[0]) - 1, -1, -1):
            m = positions[p]
            if m <= b:
                break
            if content_start <= m < content_end or (said and said[m]):
                continue
            if self.quoted and self.enclosing_close(m) is not None:
                continue
            start = m
            while start - 1 >= b and self.keys[start - 1] in words and not self.punct[start - 1]:
                start -= 1  # the rest of the name or title, as the antecedent spelt it (الدكتور السهلي)
            if title_only and self.keys[start] != self.keys[a]:
                continue
            return start, m + 1
        return antecedent

    def _positions(self, key: str) -> list[int]:
        """The token positions of ``key``, in order (found once per key, by list.index's scan in C; in a text of
        :data:`_INDEXED_TOKENS` or more, every key's at the first call, in one pass: a scan per key made a long text
        of many speakers quadratic)."""
        found = self._key_positions.get(key)
        if found is None and self.n >= _INDEXED_TOKENS:
            if not self._key_positions:
                index = self._key_positions
                for k, every in enumerate(self.keys):
                    index.setdefault(every, []).append(k)
            found = self._key_positions.setdefault(key, [])
        elif found is None:
            found = self._key_positions[key] = []
            keys, k = self.keys, -1
            try:
                while True:
                    k = keys.index(key, k + 1)
                    found.append(k)
            except ValueError:
                pass
        return found

    def _resolve(self, candidates: list[_Candidate], entities: Sequence[Entity]) -> list[Quote]:
        """Give pro-drop quotes the latest earlier explicit source that agrees in gender; build Quotes."""
        names = sorted((e.start, e.end) for e in entities if e.label in ("PERS", "ORG"))
        history: list[tuple[tuple[int, int], str | None, int]] = []
        quotes: list[Quote] = []
        said = bytearray(self.n)  # 1 for a token inside what some quote says
        # … inside a content with no quotation mark in or beside it: contents that run on from misread marks
        # hold other speakers' sentences.
        said_unmarked = bytearray(self.n)
        marks = self.lexicon.quote_marks
        # … and what a verb says (not وفقا لـ…: a speaker the attribution frames speaks on in its sentence).
        told_unmarked = bytearray(self.n)
        for cand in candidates:
            start, end = cand.content
            said[start:end] = b"\x01" * (end - start)
            if marks.isdisjoint(self.raw[max(0, start - 1):end + 1]):
                said_unmarked[start:end] = b"\x01" * (end - start)
                if not cand.kind.startswith("nominal"):
                    told_unmarked[start:end] = b"\x01" * (end - start)
        for c in sorted(candidates, key=lambda c: c.cue[0]):
            source = c.source
            if source is not None:
                head = self.keys[source[0]]
                if c.cue[0] in self._relayed_cues:
                    pass  # نقلت الصحيفة عن الزعيم أن …، معتبرا …: the relaying verb's subject goes on, not whom it quotes
                elif not c.kind.startswith("nominal") or not (
                    head in _SELF_WORDS or self._document(_without_article(head))
                ):
                    # …، وفق ما ورد في بلاغ للوزارة. وأكد …، وجاء في البلاغ: «…». وأكد …: a document that a nominal
                    # cue names is not whom the next dropped subject stands for; nor is the same source named again
                    # (وفق ذات المصدر، حسب نفس البلاغ), which points back at one.
                    history.append((source, c.gender, c.sentence))
            elif c.kind == "purpose":
                # وعاد الوزير ليؤكد أن …، اتصل شقيق المفقود بالإذاعة ليؤكد …: the speaker of the sentence so far, else
                # the subject of its verb; never a speaker further back (the purpose clause hangs on this sentence).
                # Inside what another quote says (…أن المعرض فرصة أمام مؤسسات الدولة لتبين أن …) the clause it hangs
                # on is the quoted speaker's, its subject not read here: no quote.
                if said[c.cue[0]]:
                    continue
                same_sentence = [h for h in history if h[2] == c.sentence and h[0][1] <= c.cue[0] and not said_unmarked[h[0][0]]]
                if same_sentence:
                    source = same_sentence[-1][0]
                else:
                    source = self._sentence_subject(c.sentence) or self._sentence_subject(c.sentence, lenient=True)
                    if source is not None and (source[1] > c.cue[0] or said[source[0]] or not (
                        self._person_like(source[0]) or _nisba(self.keys[source[0]])
                    )):
                        source = None
                if source is None:
                    continue
                history.append((source, c.gender, c.sentence))
            else:
                plural = self._plural_cue(c.cue[0])
                same_sentence = [h for h in history if h[2] == c.sentence]
                if same_sentence and self.quoted and self.enclosing_close(c.cue[0]) is None:
                    same_sentence = [h for h in same_sentence if self.enclosing_close(h[0][0]) is None]
                if not same_sentence and c.kind != "nominal-owned" and (c.kind == "participle" or not self._opens_sentence(c.cue[0])):
                    # مضيفا أن … after a clause whose verb is no cue: its subject speaks.
                    found = self._verb_and_subject(c.sentence)
                    source = found[1] if found is not None and not self._disagrees(found[0], c) else None
                    if found is None and c.kind == "participle":
                        # وفي هذا السياق، استقبل الوالي وفدا …، مؤكدا …: the verb after the opening phrase
                        found = self._verb_and_subject(c.sentence, lenient=True)
                        source = found[1] if found is not None and not self._disagrees(found[0], c) else None
                        if source is not None and (source[1] > c.cue[0] or not (
                            self._person_like(source[0]) or _nisba(self.keys[source[0]])
                        )):
                            source = None
                    if source is not None and (
                        self._prepositional_opening(source[0]) or (source[1] - source[0] == 1 and not self._noun_like(source[0]))
                    ):
                        source = None  # (فهي، بالمناسبة، ـ: a pronoun, an adverb or a stray mark read as that subject)
                if source is None and history:
                    outside = history
                    if self.quoted and self.enclosing_close(c.cue[0]) is None:
                        # A speaker quoted inside someone's quotation is not who speaks next.
                        outside = [h for h in history if self.enclosing_close(h[0][0]) is None] or history
                    # وأضاف فلان أن الحزب أعلن أن … . وأضاف أن …: a speaker inside what another said is
                    # reported by that one, who goes on speaking.
                    outside = [h for h in outside if not said_unmarked[h[0][0]]] or outside
                    # أكد الصحفي أن الحادثة … المواطنين الذين يطالبون بحقوقهم، مؤكدا …: a participle goes on from the
                    # sentence's speaker, not from one inside what that speaker said.
                    if c.kind == "participle":
                        same_sentence = [h for h in same_sentence if not told_unmarked[h[0][0]]] or same_sentence
                    pool = (same_sentence if c.kind == "participle" else []) or outside
                    agreeing = [h for h in pool if c.gender is None or h[1] is None or h[1] == c.gender]
                    if plural:
                        # وأكد عدد من المحتجين … . وأضافوا أن …: a plural cue's subject is a group or several people,
                        # never one person or one body quoted after them (nor before: left unknown).
                        agreeing = [h for h in agreeing if self._plural_phrase(*h[0])]
                    if not agreeing and c.gender is not None and not plural:
                        # Nobody quoted agrees (وقالت إنها … after a man's quotes): a subject of the same gender nearby.
                        source = self._agreeing_subject(c, said)
                    elif agreeing and c.gender is not None and c.kind == "verb":
                        # واستعرض الوزير في كلمته … . وأكد أن …: a person-like subject of a verb of the same gender,
                        # named after the last speaker, is the nearer antecedent.
                        source = self._nearer_actor(c, agreeing[-1][0], said)
                    if source is None and agreeing:
                        source = self._closest_mention(agreeing[-1][0], c, said)
                    elif source is None and (not said[c.cue[0]] or (
                        getattr(self.lexicon.forms.get(self.keys[c.cue[0]]), "first_person_too", False)
                        and self.quoted and self.enclosing_close(c.cue[0]) is not None
                    ) or self._own_first_person(c.cue[0])):
                        # Nobody agrees and nothing better is known: the earlier speaker stays. But a verb inside
                        # what was said that no speaker quoted before agrees with (…وأفادت الوزارة أنه بالتحري
                        # معهما صرّحا أن …، قال الوزير إن الحكومة التي أعلنت …) has a subject of its own inside that
                        # report, never its reporter: it is left unknown (not a verb that may read as the speaker's
                        # own first person inside quotation marks: قالت كلينتون "… لأنني أعتقد أنه …").
                        source = self._closest_mention(pool[-1][0], c, said)
                if source is None and not history:
                    # Nobody quoted yet: the article's lead sentence names the main actor.
                    source = self._sentence_subject(self.sentence_of[c.cue[0]]) or self._lead_subject()
                if source is not None and plural and not self._plural_phrase(*source):
                    source = None  # …، مؤكدين …: a plural cue's dropped subject is no single person or body
                if source is not None and not any(h[0] == source for h in history):
                    history.append((source, c.gender, c.sentence))
            if source is not None and (_overlap(source, c.content) or _overlap(source, c.cue)):
                source = None  # a speaker is never inside what is said, nor the word that says it
            content_span, cue_span = self.span(*c.content), self.span(*c.cue)
            source_span = self.span(*source) if source is not None else None
            if source_span is not None and names:
                widened = _widen(source_span, names)
                # A name the recogniser ran over the cue or into the content (وقال محمد tagged as one
                # PERS) would make the parts of the quote overlap: the source then stays as the rules found it.
                if not (widened.overlap(cue_span) or widened.overlap(content_span)):
                    source_span = widened
            quotes.append(Quote(content_span, source_span, cue_span, self._quote_type(*c.content, content_span)))
        return quotes

    def _object_in_source(self, source: tuple[int, int] | None) -> int | None:
        """Where an object that a split finds inside the speaker's phrase opens (:meth:`_split_opens_object`), else
        None."""
        split = self._subject_object_split(*source) if source is not None else None
        return split if split is not None and self._split_opens_object(split) else None

    def _split_opens_object(self, split: int) -> bool:
        """Whether the word at ``split``, where :meth:`_subject_object_split` ends a speaker's phrase, opens the object
        even before the verb's preposition: a stance noun with a pronoun or a verbal noun (تنظيم داعش | مسؤوليته عن …،
        السعودية | تطبيق قرار … على …), not one a complementiser follows (أكد رئيس الوزراء ثقته بأن "…": what follows
        the complementiser was said)."""
        end = self.sentence_end[self.sentence_of[split]]
        if self._owned_noun(split):
            return not self._complementiser_in_phrase(split, end)
        return self._verbal_noun_phrase(split, end)

    def _continues_clause(self, i: int) -> bool:
        """Whether the verb at ``i`` follows كما after a comma or at a sentence's start (…، كما أكدت استمرار الحظر، كما
        أعلن انطلاق حملة): it goes on what was reported, its subject dropped, so a noun right after it is its object."""
        return i >= 1 and self.keys[i - 1] == _KAMA and (
            i - 1 == self.sentence_start[self.sentence_of[i]] or (i >= 2 and self.raw[i - 2] in _COMMAS)
        )

    def _continued_object(self, i: int, k: int, end: int) -> bool:
        """Whether a verbal noun at ``k`` opens the object of the verb at ``i`` that goes on a clause after كما."""
        return self._continues_clause(i) and self._verbal_noun_phrase(k, end, surnames=False)

    def _verbal_noun_phrase(self, k: int, end: int, *, surnames: bool = True) -> bool:
        """True when a verbal noun in construct opens the phrase at ``k``, where a split of the speaker's phrase
        could start the object (…بجندوبة انقطاع حركة المرور، السعودية تطبيق قرار …): not when a complementiser
        follows it before the sentence ends or another verb of saying comes (وأكد تشريح الجثة أنه …، قال توفيق
        الجلالي إن …: the noun, or a name of its pattern, is the subject), nor when a surname of origin follows it
        (تيسير الغامدي، انتصار الكبيسي; ``surnames=False`` after كما, where the noun is an object: اعتقال الليبي), nor
        when it names a document (تقرير، تحليل). Its callers read it for a verb's first word only after كما
        (:meth:`_continued_object`): elsewhere a dropped subject and a first name of this pattern (وأكد توفيق …،
        وأعلنت انتصار …) cannot be told apart."""
        key = self.keys[k]
        if not (k + 1 < end and _verbal_noun(key) and not self.punct[k + 1]) or self._document(key):
            return False
        if surnames and _nisba(self.keys[k + 1]):
            return False  # مدير التعليم بمنطقة الرياض تيسير الغامدي: a first name, then the family's
        return not self._complementiser_in_phrase(k, end)

    def _complementiser_in_phrase(self, k: int, end: int) -> bool:
        """Whether a complementiser follows token ``k`` before the sentence ends or another verb of saying comes."""
        forms = self.lexicon.forms
        j = k + 1
        while j < end and self.raw[j] not in _TERMINAL and self.keys[j] not in forms:
            if self._is_complementiser(j):
                return True
            j += 1
        return False

    def _compound_name_end(self, k: int) -> bool:
        """Whether token ``k`` ends a compound given name (صلاح الدين، نور الدين): a name of a person or a place
        follows it, not an object (رئيس مجلس محافظة صلاح الدين أحمد ناجي الجبوري)."""
        if not (self.keys[k] in _COMPOUND_NAME_ENDS and k > 0 and self.keys[k - 1] in _COMPOUND_NAME_STARTS):
            return False
        after = k + 1
        # رجال الدين رفضهم، ورجال الدين رافضاً، شرف الدين و أعضاء: no name after it
        return after < self.n and not self.punct[after] and not (
            self._owned_noun(after) or _accusative(self.raw[after]) or self.keys[after] in _BARE_CONJUNCTIONS
            or self._is_cue(after) or is_stop_word(self.raw[after])
        )

    def _subject_object_split(self, start: int, end: int) -> int | None:
        """Where a subject noun phrase ends and an object begins: a definite word, then an indefinite one.

        In أكدت قيادة التحالف وقف العمليات the subject ends with a definite genitive
        (التحالف) and the object starts with an indefinite noun in construct (وقف);
        a demonstrative (هذا، هذه) also opens a new noun phrase. A role noun (رئيس، مدير)
        after a definite word is an apposition of the speaker (مفتي عام المملكة رئيس هيئة كبار العلماء).
        """
        titles, roles = self.lexicon.titles, self.lexicon.roles
        place = -2  # where the speaker's place phrase opens (بمنطقة القصيم)
        for m in range(start + 1, end):
            prev, key = self.keys[m - 1], self.keys[m]
            if key in _DEMONSTRATIVES:
                return m
            if m >= place + 2 and place >= 0 and self._glued_bi(m):
                return m  # ورحب الأهالي بمنطقة القصيم بالقرار: past the place, بـ opens the verb's object
            if key.startswith("ب") and is_place_designator(self.raw[m]):
                place = m
                continue
            if key in _OBJECT_NOUNS:
                return m  # أكدت النائبة ضرورة إحداث لجنة: a noun that only heads what is said
            if (
                self._definite_at(m - 1) and key.startswith("ال") and not _nisba(key) and not self.punct[m - 1]
                and prev not in titles and prev not in roles and (
                    _verbal_noun(key[2:]) or (
                        _fuul(key[2:]) and m + 1 < self.n and self.keys[m + 1] in _FUUL_PREPOSITIONS  # not العمل الدؤوب
                    )
                )
            ):
                # أعلنت وزارة المالية الترفيع في سعر …، أعلنت الشرطة العراقية العثور على …: a definite verbal noun
                # after a definite word
                return m
            if (
                m > start + 1 and (_indefinite_nisba(prev) or prev in _OTHER) and (_masdar_like(key) or key in _EVENT_NOUNS)
                and m + 1 < self.n and not self.punct[m + 1] and not self.punct[m - 1] and not _nisba(self.keys[m + 1])
            ):
                return m  # أكد مسؤولون يمنيون إعادة فتح المطار، أعلنت مصادر عسكرية مقتل ضابط، وأكد بيان آخر اعتقال …:
                # the adjective ends the speaker (not before a family name of origin: ناشطة حقوقية إيمان الطرابلسي)
            if (
                place >= 0 and m > place and not self.punct[m - 1]
                and self._verbal_noun_phrase(m, self.sentence_end[self.sentence_of[m]])
            ):
                return m  # أكد فلان مدير جهوي للتجهيز بجندوبة انقطاع حركة المرور: past the place, a verbal noun
            if (
                m > start + 1 and not _definite(prev) and not self.punct[m - 1] and self._owned_noun(m)
                and prev not in titles and prev not in roles and prev not in _NOT_A_SUBJECT
            ):
                return m  # أكد المهاجم الكسندر لاكازيت رغبته في …: after a name, "his wish" is what he confirmed
            if (
                _definite(prev) and not _definite(key) and not _prefixed(key)
                and not (self._compound_name_end(m - 1) and self._subject_object_split(m, end) is not None)
                and key not in _NAME_LINKS and prev not in _NAME_LINKS and prev not in titles and key not in roles
                and key != _BI_ISM and not (key.startswith("ب") and is_place_designator(self.raw[m]))
            ):
                # …but a title (المهندس محمد، الأمير فيصل) runs on into the name, and so does where the speaker is
                # (المديرية العامة للشؤون الصحية بمنطقة القصيم)
                return m
        return None


#: The second word of a compound given name (صلاح الدين، نور الدين، عز الدين): definite, yet inside a name.
_COMPOUND_NAME_ENDS = frozenset(norm(w) for w in ("الدين",))
_COMPOUND_NAME_STARTS = frozenset(norm(w) for w in (
    "صلاح", "نور", "عز", "علاء", "بدر", "جلال", "شرف", "حسام", "محيي", "محي", "عماد", "خير", "شمس", "تاج", "جمال",
    "كمال", "نصر", "سعد", "زين", "فخر", "ضياء", "سيف", "بهاء", "ناصر", "نجم", "صدر", "مجد", "شهاب", "قطب", "برهان",
))


def _medium(key: str, lexicon: Lexicon) -> bool:
    """لصحيفة، للصحفيين، لوكالة، لمراسلتنا، لرويترز، لفرانس برس: the preposition ل before a medium, an audience (the
    outlet's own, with a possessive pronoun, too) or a news agency's name, never part of a speaker's name."""
    if not key.startswith("ل"):
        return False
    stem = _without_li(key)
    media = lexicon.media
    if stem in media or stem in lexicon.agencies:
        return True
    if stem.endswith(_MEDIUM_OWNERS) and len(stem) > 4:
        # لمراسلنا، لموفدتها: a feminine noun's teh marbuta is written ت before the pronoun (its key folds it to ه).
        noun = stem[:-2]
        return noun in media or (noun.endswith("ت") and noun[:-1] + "ه" in media)
    return False


def _correspondent(key: str) -> bool:
    """لمراسل، لمراسلة، لموفدنا، لمبعوثها: ل before a correspondent, whose name may follow in apposition."""
    return key.startswith("ل") and _is_correspondent(_without_li(key))


def _is_correspondent(key: str) -> bool:
    """مراسل، المراسلة، مراسلنا، موفدتها: a medium's correspondent or envoy."""
    stem = _without_article(key)
    if stem.endswith(_MEDIUM_OWNERS) and len(stem) > 4:
        stem = stem[:-2]
        stem = stem[:-1] + "ه" if stem.endswith("ت") else stem
    return stem in _CORRESPONDENTS


def _without_article(key: str) -> str:
    """A word without its article: المفوضية -> مفوضية; else the word."""
    return key[2:] if key.startswith("ال") else key


def _without_li(key: str) -> str:
    """A word without the preposition ل glued before it: لصحيفه -> صحيفه, للقناه -> القناه (its article back); else the word."""
    if key.startswith("لل"):
        return "ال" + key[2:]
    return key[1:] if key.startswith("ل") else key


def _saying_owner(key: str) -> tuple[str, str | None] | None:
    """``(saying, gender)`` when ``key`` is a noun of saying with a possessive pronoun (قوله، تعبيرها), else None."""
    for suffix, gender in _OWNER_SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in _OWNED_SAYINGS:
            return key[: -len(suffix)], gender
    return None


#: Verbal nouns that take على themselves (لدى إشرافه على …، خلال اطلاعه على …، بعد حصوله على …): in an adverbial
#: before a verb that takes على (أكد، شدد), the next على is theirs.
_TAKING_ALA = tuple(norm(w) for w in ("إشراف", "اطلاع", "وقوف", "حصول"))
#: Those and the nouns and participles that take على themselves (المشرفين على، القائمين على، إشرافه على).
_TAKING_ALA_TOO = _TAKING_ALA + tuple(norm(w) for w in ("مشرف", "المشرف", "القائم", "الإشراف"))
#: A preposition and the noun that make an adverbial of it (عن طريق، إلى جانب، من جهة): never the verb's object
#: (but عن جانب من التفاصيل, عن قرب الموعد are).
_PREPOSITION_ADVERBIALS = frozenset(
    (norm(p), norm(w)) for p, w in (("عن", "طريق"), ("إلى", "جانب"), ("من", "جهة"), ("عن", "كثب"))
)
#: Bodies and polls named by a verbal noun (تنظيم داعش، تحالف دعم الشرعية، استطلاع للرأي): speakers, not objects.
_GROUP_NOUNS = frozenset(norm(w) for w in ("تنظيم", "تحالف", "ائتلاف", "استطلاع", "اجتماع"))


def _verbal_noun(key: str) -> bool:
    """A word of a derived verbal noun's pattern (استمرار، انقطاع، ارتفاع، تسجيل، تواصل، إلغاء is left out: its key
    starts as the article does): what is confirmed or announced, seldom who does it. A name may take such a pattern
    (إيمان، تيسير), so this is only a hint, read where a noun phrase after the verb could be either."""
    if key.startswith("ال") or key in _GROUP_NOUNS:
        return False
    size = len(key)
    if size == 7:
        return key.startswith("است") and key[5] == "ا"  # استفعال
    if size == 6:
        return key[0] == "ا" and key[4] == "ا" and (key[1] == "ن" or key[2] in "تطد")  # انفعال، افتعال
    if size == 5:
        return key[0] == "ت" and (key[3] == "ي" or key[2] == "ا")  # تفعيل، تفاعل
    return False


#: Prepositions a verbal noun of the pattern فعول takes (العثور على، الدخول في، الوصول إلى): an adjective
#: of that pattern (الدؤوب، الصبور) takes none (but الجهد الدؤوب من أجل …: not من).
_FUUL_PREPOSITIONS = frozenset(norm(w) for w in ("على", "علي", "في", "إلى", "الى", "إلي", "عن"))


def _fuul(key: str) -> bool:
    """A word of the verbal noun pattern فعول (عثور، وصول، حصول، دخول): read only after the article and a definite
    word, where a name of that pattern (جلول) does not stand."""
    return len(key) == 4 and key[2] == "و"


def _masdar_like(key: str) -> bool:
    """A derived verbal noun (:func:`_verbal_noun`) or of the patterns إفعال، إفعالة (إطلاق، إعادة). Only a hint: read
    where an adjective of origin has just closed a speaker's phrase. (فعول, وقوع، سقوط, was tried: names end so
    too, جلول، سبور.)"""
    size = len(key)
    return _verbal_noun(key) or (
        (size == 5 and key[0] == "ا" and key[3] == "ا" and not key.startswith("ال"))
        or (size == 6 and key[0] == "ا" and key[3] == "ا" and key[5] == "ه" and not key.startswith("ال"))
    )


def _indefinite_nisba(key: str) -> bool:
    """An indefinite adjective of origin (أمني، يمنيون، أمريكية): it ends a speaker's phrase such as مصدر أمني."""
    return not key.startswith("ال") and len(key) > 3 and key.endswith(("ي", "يه", "يون", "يين"))


def _prefixed(key: str) -> bool:
    """A word that most likely starts with the clitic و، ف، ل or ك (وسحب) rather than a root letter (وقف)."""
    return len(key) >= 5 and key[0] in "وفلك"


def _nisba(key: str) -> bool:
    """A definite adjective of origin (الإماراتي، الفرنسية): ال and a final ي or يه."""
    return key.startswith("ال") and len(key) > 5 and key.endswith(("ي", "يه"))


def _dual_plural_or_number(key: str) -> bool:
    """A word no past verb can be: a dual or plural ending (مدنيان، الجرحى اثنين، عاملون) on a word longer than a weak
    verb (كان، بين), or a number (و12جريحا)."""
    return (len(key) >= 5 and key.endswith(("ان", "ين", "ون"))) or any(c.isdigit() for c in key)


def _participle_accusative(token: str) -> bool:
    """An indefinite participle in the accusative without its tanween (متحدثا، مضيفا، معتبرا): a circumstance of the
    speaker's, never a subject."""
    return len(token) >= 5 and token.startswith("م") and token.endswith("ا")


def _accusative(token: str) -> bool:
    """An indefinite accusative (نقداً) is an object or adverb, never a subject."""
    return token.endswith(("اً", "ًا"))


def _definite(key: str) -> bool:
    return key.startswith("ال") or key.startswith("لل") or (
        len(key) > 3 and key[0] in "وبفك" and key[1:3] == "ال" and key not in _WAL_ROOTS
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two token ranges share a token."""
    return a[0] < b[1] and b[0] < a[1]


def _widen(span: Span, names: list[tuple[int, int]]) -> Span:
    """Stretch a source over a PERS/ORG entity it cuts through (a name the rules ended early)."""
    start, end = span.start, span.end
    for s, e in names:
        if s < end and e > start:
            start, end = min(start, s), max(end, e)
    return Span(start, end)


def _dedupe(candidates: list[_Candidate]) -> list[_Candidate]:
    """One quote per content: a verb cue wins over a nominal one; a nominal cue's clause already quoted is dropped.

    Kept quotes are indexed by cue, by content and by content start, so that an
    article of thousands of quotes is not compared pair by pair.
    """
    out: list[_Candidate] = []
    cues: set[tuple[int, int]] = set()
    contents: set[tuple[int, int]] = set()
    starts: list[int] = []  # kept contents by start, for the overlap test
    spans: list[tuple[int, int]] = []
    longest = 0
    ordered = sorted(candidates, key=lambda c: (c.kind.startswith("nominal"), c.cue[0]))
    for c in ordered:
        a, b = c.content
        if c.cue in cues or (a, b) in contents:
            continue
        if c.kind == "nominal":
            # A nominal cue after a clause (…، على حد قول البيان) adds nothing when that clause is quoted already.
            lo, hi = bisect.bisect_left(starts, a - longest), bisect.bisect_left(starts, b)
            if any(
                max(0, min(b, e) - max(a, s)) * 2 >= min(b - a, e - s) for s, e in spans[lo:hi]
            ):
                continue
        out.append(c)
        cues.add(c.cue)
        contents.add((a, b))
        at = bisect.bisect_right(starts, a)
        starts.insert(at, a)
        spans.insert(at, (a, b))
        longest = max(longest, b - a)
    return out
