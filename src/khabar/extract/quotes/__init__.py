"""Rule-based attribution of quotes in Arabic news: content, source and cue.

Follows the project's annotation guidelines (``GUIDELINES.md`` beside the dev gold):

* **Direct** quotes: the text inside a pair of quotation marks («…», "…", “…”, '…',
  or brackets used as quotation marks right after a cue) introduced by a cue
  before it (وقال الوزير: «…») or after it («…»، قال الوزير). Pairs are matched
  over the whole text, so a quote may run over several sentences and across a
  paragraph break.
* **Indirect** quotes: a cue, then a complementiser (إن، أن، بأن، إنه، أنها …);
  the content starts after the complementiser and runs to the end of the clause.
  A few verbs (أكد، أعلن، نفى …) also take a plain noun-phrase object.
* **Mixed**: an indirect content holding a quoted stretch.
* Nominal cues (بحسب، وفقا لـ، نقلا عن، على حد قول …) attribute the clause
  before them, or the one after them at the start of a sentence.

The **source** is the noun phrase after the cue (Arabic verb-subject order),
before it (subject-verb order: بوتين قال …، وكان البيان أفاد …), or, when the
subject is dropped (وأضاف أن …، مضيفا أن …), the most recent earlier explicit
source whose cue agrees in gender. Headline-like lines are skipped.

The rules were checked against articles nobody tuned them to, so they lean on
grammar rather than on any one outlet's habits: adverbs and a quoted newspaper
between a verb and its subject (نفى رسميا، أكد لـ«الرياض» الوزير), role nouns in
apposition (مفتي عام المملكة رئيس هيئة …), العام and الأول as adjectives of a title,
a coordinator or topic marker before a fronted subject (لكن، أما), بعد أن + a
perfect verb (past, not subjunctive), a comma-delimited aside before the
complementiser, بقوله / بالقول after a verb, whom the speaker addresses (قال لهم،
بحسب ما أكده لمراسل الإذاعة، فلان), a conjunction typed apart from its verb (و قد
أعلن), a quoted name in or as the speaker's phrase (رئيس "جمعية …"، أن «يوتيوب»
أعلن), وفق / حسب without ما before a named saying, an informant or, opening a
sentence, a phrase closed by a complementiser (وفق تصريح الأب، حسب المصدر ذاته،
وحسب الرواية فإن …), لكن with the subject's pronoun (لكنه أشار), a verb whose
object is a pronoun and so something said before (أعلنت عنه الوزارة), a verb's
own preposition opening its object (دعا إلى …، طالب بـ…; the lexicon's
``prepositions``), a plural verb whose subject is its suffix, so that the noun
after it is its object (وطالبوا السلطات بـ…), forms that also read as first person
inside a quotation (اعتقد أن = "I think"), and the ends of a reported clause: the
writer's "but" (إلا أن، غير أن), a new speaker's colon, a glued ellipsis that
only pauses (..). The formulas of wire news are read as such: a speaker who would
not be named (مسؤول طلب عدم الكشف عن هويته، …، طالبا عدم ذكر اسمه، …), a news agency
spoken to (لفرانس برس، للأناضول), where a body sits (ومقره لندن), "for his part"
(من جهته) and the tone it was said in (بلهجة حازمة) after the speaker.

A trainable alternative, :mod:`.model` (``khabar train quotes``), tags content,
source and cue with two CRFs that take these rules' decisions as features;
the rules stay the default and its fallback for attribution (a learned linker,
:mod:`.linker`, may link the contents the rules missed: ``--linking learned``).

All cue words live in ``khabar/data/quote_lexicon.json`` (see
:mod:`.lexicon`); nothing here knows any particular article. More can be mined
from unlabelled news (:mod:`.induce`, ``khabar train cues``) into a cue list
that a person reviews (:mod:`.cue_list`); only its accepted entries join the
lexicon (``QuoteExtractor(cues_path=...)``, ``khabar extract quotes --cues``). The rules are
hand-written because no maintained library attributes Arabic quotes; they work
on :mod:`khabar.text` tokens, so every span is token-aligned.
"""

from .extractor import QuoteExtractor, extract_documents, extract_file, extract_quotes, rules_builder

__all__ = ["QuoteExtractor", "extract_quotes", "extract_file", "extract_documents", "rules_builder"]
