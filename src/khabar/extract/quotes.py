"""Rule-based attribution of quotes in Arabic news: content, source and cue.

Follows the project's annotation guidelines (``GUIDELINES.md`` beside the dev gold):

* **Direct** quotes: the text inside a pair of quotation marks («…», "…", “…”,
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
complementiser, بقوله / بالقول after a verb, forms that also read as first person
inside a quotation (اعتقد أن = "I think"), and the ends of a reported clause: the
writer's "but" (إلا أن، غير أن), a new speaker's colon, a glued ellipsis that
only pauses (..).

All cue words live in ``khabar/data/quote_lexicon.json`` (see
:mod:`._quote_rules`); nothing here knows any particular article. The rules are
hand-written because no maintained library attributes Arabic quotes; they work
on :mod:`khabar.text` tokens, so every span is token-aligned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from os import PathLike

from ..gold.model import Document, Entity, Quote, Span
from ._quote_rules import CueForm, NominalCue, load_lexicon, norm
from ._quote_text import QuoteText

__all__ = ["QuoteExtractor", "extract_quotes", "extract_file", "extract_documents"]

_TERMINAL = frozenset(".!?؟…")
_COMMAS = frozenset("،,؛;")
_DASHES = frozenset("-–—")
_NAME_LINKS = frozenset(norm(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "عبد", "آل", "ابو", "أم"))
_RELATIVES = frozenset(norm(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"))
_RELATIVES_OR_AND = _RELATIVES | frozenset("و" + r for r in _RELATIVES)
# After these a reporting-verb form is subjunctive or negated (أن يذكر، لم يذكر), or a noun after
# a preposition or a nominal cue (وفق وصف المحرضين، في تصريح): nobody is quoted by it.
_NOT_REPORTING = frozenset(
    norm(w)
    for w in (
        "أن", "لم", "لن", "لا", "كي", "لكي", "ولم", "ولن", "ولا", "لئلا",
        "في", "من", "على", "عن", "إلى", "بعد", "قبل", "عند", "مع", "وفق", "وفقا", "بحسب", "حسب", "وبحسب",
    )
)
_OBJECT_PREPOSITIONS = frozenset(norm(w) for w in ("عن", "على"))
_DEMONSTRATIVES = frozenset(norm(w) for w in ("هذا", "هذه", "ذلك", "تلك", "هؤلاء", "هذين", "هاتين"))
_KANA = frozenset(norm(w) for w in ("كان", "وكان", "كانت", "وكانت", "فكان", "فكانت"))
_MAY = frozenset(norm(w) for w in ("قد", "وقد", "لقد", "فقد", "ولقد"))
_MA = frozenset(norm(w) for w in ("ما", "لما"))
_DEMONSTRATIVE_REFS = frozenset(norm(w) for w in ("بذلك", "ذلك", "به", "بها"))
# A coordinator that opens a new clause (…، لكن وسائل إعلام أشارت إلى أن): a subject before a verb starts after it.
_COORDINATORS = frozenset(norm(w) for w in ("لكن", "ولكن", "لكنّ", "بل", "أما", "وأما"))
# وعن …، وحول …: a sentence opening on its topic, whose first noun is no verb.
_TOPIC_PREPOSITIONS = frozenset(norm(w) for w in ("عن", "وعن", "حول", "وحول", "بشأن", "وبشأن"))
# وبدوره، من جهته: a new speaker's turn (…، وبدوره أكد اللاعب …).
_TURN_TAKERS = frozenset(
    norm(p + w) for w in ("بدوره", "بدورها", "بدورهم", "جهته", "جهتها", "جهتهم", "جانبه", "جانبها", "جانبهم") for p in ("", "و")
)
# إلا أن، غير أن، بيد أن: "but" before a complementiser, a clause of its own.
_CONTRAST_HEADS = frozenset(norm(w) for w in ("إلا", "غير", "بيد"))
# Words that are adjectives after a definite noun (الأمين العام، النائب الأول) but temporal on their own (العام الماضي).
_ADJECTIVE_OR_TIME = frozenset(norm(w) for w in ("العام", "الأول"))
_TIME_ADJECTIVES = frozenset(norm(w) for w in ("الماضي", "المقبل", "القادم", "الحالي", "الجاري", "المنصرم", "السابق"))
_COMPLEMENTISER_AN = norm("أن")
# بعد أن، منذ أن: أن after these and before a perfect verb dates an event, it does not make it subjunctive.
_AN_OF_TIME = frozenset(norm(w) for w in ("بعد", "منذ", "عقب", "قبل", "وبعد", "ومنذ"))

#: Longest stretch between the cue's source and its complementiser, colon or quotation mark.
_MAX_GAP = 20
_MAX_SOURCE = 14
_MAX_SUBJECT_BEFORE = 9
_MAX_PARTICIPLE_GAP = 8
#: Longest stretch a comma-delimited aside (…، ردا على سؤال عن …، أن) may put between a verb and its complementiser.
_MAX_ASIDE_GAP = 40
#: How far a byline or dateline (محمد علي- سبق- الرياض: …) may run before its colon.
_MAX_DATELINE = 10
#: A quoted stretch this short (in tokens) is a name or a scare quote, not a direct quote.
_MIN_DIRECT_TOKENS = 3
#: A line this short without final punctuation is a headline, a dateline or a caption.
_HEADLINE_TOKENS = 15
_MAX_CACHED_KEYS = 500_000


@dataclasses.dataclass(slots=True)
class _Candidate:
    """A quote in token indices, before its source is resolved."""

    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None
    gender: str | None
    kind: str  # verb, participle, masdar, nominal (clause before), nominal-lead (clause after)
    sentence: int


class QuoteExtractor:
    """Finds attributed quotes in Arabic news text.

    >>> extractor = QuoteExtractor()
    >>> text = "وقال الوزير إن الاتفاق سيوقع غدا."
    >>> [(q.type, q.content.text_in(text), q.source.text_in(text)) for q in extractor.extract(text)]
    [('indirect', 'الاتفاق سيوقع غدا', 'الوزير')]
    """

    def __init__(self, lexicon_path: str | PathLike[str] | None = None) -> None:
        self.lexicon = load_lexicon(lexicon_path)
        self._keys: dict[str, str] = {}  # token -> matching key; tokens repeat across articles

    # --- public ---------------------------------------------------------------------------

    def extract(self, text: str, entities: Sequence[Entity] = ()) -> list[Quote]:
        """Every quote in ``text``, in order of its cue. ``entities`` (optional) widen sources to whole names."""
        if len(self._keys) > _MAX_CACHED_KEYS:
            self._keys.clear()
        t = QuoteText(text, self.lexicon, self._keys)
        headline = self._headline_lines(t)
        paragraph_of = t.paragraph_of
        consumed: set[int] = set()
        candidates: list[_Candidate] = []
        nominal, forms = self.lexicon.nominal, self.lexicon.forms
        for i in [i for i, key in enumerate(t.keys) if key in nominal]:
            if paragraph_of[i] in headline:
                continue
            for cue in nominal[t.keys[i]]:
                found = self._nominal(t, i, cue, consumed)
                if found is not None:
                    candidates.append(found)
                    break
        for i in [i for i, key in enumerate(t.keys) if key in forms]:
            if i in consumed or paragraph_of[i] in headline:
                continue
            found = self._verbal(t, i, forms[t.keys[i]])
            if found is not None:
                candidates.append(found)
        candidates.extend(self._trailing_cues(t, candidates, headline))
        candidates = _dedupe(candidates)
        return self._resolve(t, candidates, entities)

    # --- cues -----------------------------------------------------------------------------

    def _headline_lines(self, t: QuoteText) -> set[int]:
        """Paragraphs that look like headlines or captions: short, no closing punctuation."""
        if len(t.paragraph_tokens) < 2:
            return set()
        out = set()
        for p, (first, end) in t.paragraph_tokens.items():
            last = t.raw[end - 1]
            if end - first < _HEADLINE_TOKENS and last not in _TERMINAL and last not in "»\"”)":
                out.add(p)
        return out

    def _is_comp(self, t: QuoteText, k: int) -> bool:
        return t.keys[k] in self.lexicon.complementisers and not (k > 0 and t.keys[k - 1] in self.lexicon.blocked_after)

    def _is_cue(self, t: QuoteText, k: int) -> bool:
        return t.keys[k] in self.lexicon.forms or self._nominal_at(t, k)

    def _nominal_at(self, t: QuoteText, k: int) -> bool:
        """True when a whole nominal cue (بحسب، نقلا عن، على حد قول ...) starts at token ``k``."""
        for cue in self.lexicon.nominal.get(t.keys[k], ()):
            if tuple(t.keys[k + 1 : k + len(cue.tokens)]) == cue.tokens[1:] and not cue.needs_complementiser:
                return True
        return False

    def _long_pair(self, t: QuoteText, k: int) -> bool:
        """A quotation-mark pair holding enough words to be speech rather than a quoted name."""
        close = t.close_of.get(k)
        return close is not None and sum(not t.punct[j] for j in range(k + 1, close)) >= _MIN_DIRECT_TOKENS

    def _name_in_gap(self, t: QuoteText, close: int) -> bool:
        """True when a complementiser or colon follows a quoted stretch: the stretch was a name (موقع "بي.سي ماجازين" … إلى أن)."""
        end = min(t.sentence_end[t.sentence_of[close]], close + 12)
        for j in range(close + 1, end):
            if self._is_comp(t, j) or t.raw[j] == ":":
                return True
            if t.raw[j] in _TERMINAL or self._is_cue(t, j):
                return False
        return False

    def _source_after(self, t: QuoteText, k: int, end: int) -> int:
        """End (exclusive) of the noun phrase starting at ``k``: the speaker in verb-subject order."""
        lex = self.lexicon
        count = 0
        start = k
        while k < end and count < _MAX_SOURCE:
            raw, key = t.raw[k], t.keys[k]
            if raw in lex.openers and k in t.close_of and not self._long_pair(t, k):
                k = t.close_of[k] + 1  # a quoted name: صحيفة "الديلي تليجراف"
                count += 1
                continue
            if t.punct[k]:
                break
            if key in _ADJECTIVE_OR_TIME and k > start and _definite(t.keys[k - 1]) and not (
                k + 1 < end and t.keys[k + 1] in _TIME_ADJECTIVES
            ):
                count += 1  # الأمين العام، النائب الأول: an adjective of the title, not a time
                k += 1
                continue
            if key in lex.source_stop or key in lex.temporal or key in lex.complementisers:
                break
            if self._is_cue(t, k) and not (k == start and k > 0 and t.keys[k - 1] in _NOT_REPORTING):
                break
            if key in _RELATIVES_OR_AND or (k == start and key in lex.discourse):
                break
            if k > start and key.startswith("ل") and (
                _medium(key, lex.media) or (not key.startswith("لل") and (key == "ل" or self._introduced_next(t, k + 1)))
            ):
                break  # an addressee or medium: لصحيفة الحياة، لرويترز إن
            if k > start and key in lex.speech_events:
                break
            count += 1
            k += 1
        return k

    def _reported_from(self, t: QuoteText, i: int) -> tuple[int, int] | None:
        """نقلت الوكالة عن السفارة قولها: the speaker stands between عن and the verbal noun."""
        first = max(t.sentence_start[t.sentence_of[i]], i - _MAX_SUBJECT_BEFORE)
        for j in range(i - 1, first - 1, -1):
            if t.keys[j] == "عن":
                return self._trim(t, j + 1, i)
            if t.punct[j] and t.raw[j] not in _COMMAS:
                return None
        return None

    def _introduced_next(self, t: QuoteText, k: int) -> bool:
        return k < t.n and (self._is_comp(t, k) or t.raw[k] == ":" or t.raw[k] in self.lexicon.openers)

    def _subject_before(self, t: QuoteText, i: int) -> tuple[int, int] | None:
        """The subject before a verb in subject-verb order (بوتين قال، وكان البيان أفاد)."""
        lex = self.lexicon
        first = t.sentence_start[t.sentence_of[i]]
        p = i - 1
        while p >= first and t.keys[p] in _MAY:
            p -= 1
        if p >= first and t.keys[p] in _RELATIVES_OR_AND:
            p -= 1  # …المنظمات، والتي تؤكد: the noun the relative clause hangs on
        if p >= first and t.raw[p] in _COMMAS:
            p -= 1
        end = p + 1
        while p >= first and end - p <= _MAX_SUBJECT_BEFORE:
            key = t.keys[p]
            if t.punct[p] or key in lex.clause_restarts or key in lex.complementisers or key in _COORDINATORS:
                break
            if key in _RELATIVES_OR_AND:
                return None
            bare = key[1:] if key[:1] in ("و", "ف") else key
            if key in lex.discourse or key in lex.source_stop or self._is_cue(t, p) or key in lex.temporal or bare in lex.temporal:
                return None  # the words before belong to an adverbial or another clause
            p -= 1
        if end - p > _MAX_SUBJECT_BEFORE:
            return None
        start = p + 1
        while start < end and t.punct[start]:
            start += 1
        if start < end and t.keys[start][:2] in ("وب", "ول", "وك", "فب", "فل") and len(t.keys[start]) > 4:
            return None  # وبهذا البعد توقعوا: a prepositional phrase, not a subject
        return (start, end) if start < end else None

    def _clause_end(self, t: QuoteText, start: int) -> int:
        """End (exclusive) of a reported clause: the sentence end, or where the next cue takes over."""
        lex = self.lexicon
        end = t.sentence_end[t.sentence_of[start]] if start < t.n else start
        close = t.enclosing_close(start) if t.quoted and start < t.n else None
        if close is not None:
            end = min(close, t.raw_sentence_end[start])  # a clause reported inside a quotation
        k = start
        while k < end:
            raw = t.raw[k]
            if raw in lex.openers and k in t.close_of:
                close = t.close_of[k]
                if close >= end:
                    end = t.sentence_end[t.sentence_of[close]]
                k = close + 1
                continue
            if k > start:
                form = lex.forms.get(t.keys[k])
                if form is not None and form.person != 3:
                    form = None  # وأسأل الله أن …: the speaker's own voice goes on
                after_comma = self._after_comma(t, k, start)
                if form is not None and form.kind == "participle" and form.gender == "f" and not self._introduces(t, k):
                    form = None  # متابعة، مطالبة: a verbal noun unless a complementiser follows
                if form is not None and (form.clitic or after_comma or (form.kind == "participle" and self._introduces(t, k))):
                    break
                if after_comma and self._nominal_at(t, k):
                    break
                if form is not None and form.person == 3 and form.kind != "participle" and self._colon_after_subject(t, k):
                    # …مكانه، وعن المحترف البرازيلي قال المدرب: … — a new speaker takes over; the aside
                    # opening his clause after the last comma is his, not part of this content.
                    for c in range(k - 1, max(start, k - _MAX_SOURCE) - 1, -1):
                        if t.raw[c] in _COMMAS:
                            k = c
                            break
                    break
                if t.keys[k] in _CONTRAST_HEADS and self._contrast_at(t, k) and not t.quoted_at_token(k):
                    break  # …، إلا أن مكلارين تباهى: the writer's "but" turns away from what was reported
            k += 1
        end = min(k, end)
        while end > start and (t.punct[end - 1] or t.keys[end - 1] in lex.connectors or t.keys[end - 1] in _TURN_TAKERS):
            end -= 1
        return end

    def _introduces(self, t: QuoteText, k: int) -> bool:
        """True when a complementiser, a colon or a quotation mark follows cue ``k`` within two tokens."""
        lex = self.lexicon
        for j in range(k + 1, min(t.n, k + 3)):
            if self._is_comp(t, j) or t.raw[j] == ":" or t.raw[j] in lex.openers:
                return True
            if t.keys[j] not in lex.linking_prepositions:
                return False
        return False

    def _trim(self, t: QuoteText, start: int, end: int) -> tuple[int, int] | None:
        while start < end and t.punct[start]:
            start += 1
        while end > start and t.punct[end - 1]:
            end -= 1
        return (start, end) if start < end else None

    def _quote_type(self, t: QuoteText, start: int, end: int) -> str:
        """The type the quotation marks imply, as the gold validator reads them.

        direct when one pair of marks encloses the content (final punctuation left
        out), mixed when the content cuts a quoted part or has a mark in or beside it,
        indirect otherwise.
        """
        from ..gold.validate import quote_type_of

        implied = quote_type_of(t.text, t.span(start, end))
        if implied is not None:
            return implied
        marks = self.lexicon.quote_marks
        if any(t.raw[k] in marks for k in range(start, end)):
            return "mixed"
        if (start > 0 and t.raw[start - 1] in marks) or (end < t.n and t.raw[end] in marks):
            return "mixed"
        return "indirect"

    def _verbal(self, t: QuoteText, i: int, form: CueForm) -> _Candidate | None:
        """The quote a reporting verb, participle or verbal noun at token ``i`` introduces, if any.

        After the cue: the speaker's noun phrase (verb-subject order), then within a short
        gap a complementiser, a colon or a quotation; failing those, a noun-phrase object
        for the verbs that take one. The source is left None for pro-drop, resolved later.
        """
        lex = self.lexicon
        sid = t.sentence_of[i]
        sentence_end = t.sentence_end[sid]
        nxt = i + 1
        before = t.keys[i - 1] if i > 0 else ""
        past_event = before == _COMPLEMENTISER_AN and form.perfect and i > 1 and t.keys[i - 2] in _AN_OF_TIME
        if before in _NOT_REPORTING and not past_event:
            # أن يذكر، لم يذكر: a subjunctive or negated verb reports nothing; after أن a
            # perfect is past (بعد أن كشف المدرب عن أن …) and does report.
            return None
        impersonal = t.keys[i] in lex.impersonal or (t.keys[i][:1] in ("و", "ف") and t.keys[i][1:] in lex.impersonal)
        if impersonal:
            # يذكر أن / يشار إلى أن: the journalist's passive voice, nobody is quoted.
            k = nxt + 1 if nxt < t.n and t.keys[nxt] in lex.linking_prepositions else nxt
            if k < t.n and self._is_comp(t, k):
                return None
        if self._bi_masdar(t, i) and self._verb_opens_clause(t, i):
            return None  # وعلق الوزير بالقول: …: the verb is the cue, بالقول only leads to the quotation
        if form.person != 3:
            # أعتقد أن، أوضحنا أن: the writer's (or a quoted speaker's) own voice, or the reader's, reports nobody's speech.
            return None
        if (
            form.first_person_too and i > 0
            and (t.punct[i - 1] or t.keys[i - 1] in self.lexicon.connectors or t.keys[i - 1] in _COORDINATORS)
            and t.quoted and t.enclosing_close(i) is not None and self._introduces(t, i)
        ):
            # «اعتقد أن …»: opening a clause inside a quotation with no subject before or after it, a form
            # that also reads as first person is the quoted speaker's own "I think", not a new report.
            return None
        after_relative = before in _RELATIVES_OR_AND or (before in _MAY and i > 1 and t.keys[i - 2] in _RELATIVES_OR_AND)
        if nxt < sentence_end and (t.keys[nxt].startswith("لل") or _medium(t.keys[nxt], lex.media)):
            nxt += 1  # يقول للمسؤولين …، قال لصحيفة …: the addressee, not the speaker
        elif nxt + 1 < sentence_end and t.keys[nxt] == "ل" and nxt + 1 in t.close_of:
            nxt = t.close_of[nxt + 1] + 1  # وأكد لـ"الرياض" الوزير: the newspaper spoken to, a quoted name
            while nxt < sentence_end and t.raw[nxt] in _COMMAS:
                nxt += 1
        while nxt < sentence_end and t.keys[nxt] in lex.adverbs and not self._is_cue(t, nxt):
            nxt += 1  # نفى علنا، أكد مجددا: an adverb between the verb and its subject
        if form.kind in ("participle", "masdar") or after_relative:
            source_end = nxt  # the subject is elsewhere; what follows is the object
        else:
            source_end = self._source_after(t, nxt, sentence_end)
        source = (nxt, source_end) if source_end > nxt else None
        honorific = source is not None and t.keys[nxt] in lex.honorifics
        if honorific:
            # وأكد سموه: a title pronoun standing for the dignitary the article opened with.
            source, source_end = None, nxt + 1
        content: tuple[int, int] | None = None
        j = source_end
        limit = min(t.n, source_end + _MAX_GAP)
        if form.kind == "participle":
            # مشيرا إلى أن، مطالبا زميله بأن: a participle has no subject, only a short object or a preposition.
            # A feminine one (متابعة، مطالبة) is mostly a verbal noun unless the complementiser follows at once.
            if form.gender == "f" and not self._introduces(t, i):
                return None
            limit = min(limit, source_end + _MAX_PARTICIPLE_GAP)
        while j < limit:
            raw = t.raw[j]
            if j >= sentence_end and not (raw in lex.openers and j == source_end):
                break
            if self._is_comp(t, j):
                if j + 1 < t.n and form.object != "colon":
                    end = self._clause_end(t, j + 1)
                    if end > j + 1:
                        content = (j + 1, end)
                break
            if raw == ":":
                content = self._after_colon(t, j + 1, form)
                break
            if (
                raw in lex.openers and self._long_pair(t, j)
                and not (j > source_end and t.keys[j - 1] in lex.source_stop)
                and not self._name_in_gap(t, t.close_of[j])
            ):
                content = (j + 1, t.close_of[j])
                break
            if raw in lex.brackets and j == source_end and t.inside(j) > _MIN_DIRECT_TOKENS:
                content = (j + 1, t.bracket_close[j])
                break
            if raw in lex.openers and j in t.close_of:
                j = t.close_of[j] + 1  # a quoted name or title inside the gap: في «بي في إم أويل»
                continue
            if raw in _TERMINAL or (j > nxt and self._is_cue(t, j) and not self._bi_masdar(t, j)):
                break
            j += 1
        if content is None and j >= limit and form.kind == "verb" and form.object != "colon":
            content = self._after_aside(t, j, min(sentence_end, source_end + _MAX_ASIDE_GAP))
        if content is None and form.object == "nominal" and not impersonal:
            found = self._nominal_object(t, i, form, source, source_end, after_relative or honorific)
            if found is None:
                return None
            source, content = found
        if content is None:
            return None
        content = self._trim(t, *content)
        if content is None:
            return None
        if source is not None:
            source = self._trim(t, *source)
        if source is None and form.kind == "verb" and not form.clitic:
            source = self._subject_before(t, i)
        if source is None and honorific:
            source = self._lead_subject(t)
        if form.kind == "masdar":
            source = self._reported_from(t, i) or self._clause_subject(t, i)
            if source is not None and t.keys[source[0]] in lex.speech_events:
                source = None  # واختتم حديثه بقوله: the talk, not the speaker (pro-drop, resolved later)
        return _Candidate((i, i + 1), content, source, form.gender, form.kind, sid)

    def _after_comma(self, t: QuoteText, k: int, start: int) -> bool:
        """True when a comma stands before token ``k``, maybe with a connective between (…، كما أكد / …، وبدوره أكد)."""
        lex = self.lexicon
        for j in range(k - 1, max(start, k - 3) - 1, -1):
            if t.raw[j] in _COMMAS:
                return True
            if t.keys[j] not in lex.connectors and t.keys[j] not in _TURN_TAKERS:
                return False
        return False

    def _colon_after_subject(self, t: QuoteText, k: int) -> bool:
        """True when a colon follows cue ``k`` after at most a short subject (قال المدرب الروماني: …)."""
        for j in range(k + 1, min(t.n, k + 1 + _MAX_SUBJECT_BEFORE)):
            if t.raw[j] == ":":
                return True
            if t.punct[j] or self._is_cue(t, j) or self._is_comp(t, j):
                return False
        return False

    def _contrast_at(self, t: QuoteText, k: int) -> bool:
        """True when a contrastive connective opens a new clause at ``k`` (إلا أن، غير أن، لكن)."""
        key = t.keys[k]
        return key in _COORDINATORS or (key in _CONTRAST_HEADS and k + 1 < t.n and t.keys[k + 1] in self.lexicon.complementisers)

    def _object_at(self, t: QuoteText, k: int) -> bool:
        """True when token ``k`` can open a verb's noun-phrase object: an indefinite noun, not a cue or connective."""
        key = t.keys[k]
        lex = self.lexicon
        return not (
            t.punct[k] or _definite(key) or _prefixed(key) or self._is_cue(t, k) or self._is_comp(t, k)
            or key in lex.discourse or key in lex.source_stop or key in lex.temporal or key in lex.connectors
            or key in _RELATIVES_OR_AND or self._contrast_at(t, k)
        )

    def _bi_masdar(self, t: QuoteText, k: int) -> bool:
        """True for a verbal noun with the preposition بـ (بقوله، بالقول), which only leads to a quotation."""
        form = self.lexicon.forms.get(t.keys[k])
        return form is not None and form.kind == "masdar" and t.keys[k].startswith("ب")

    def _verb_opens_clause(self, t: QuoteText, k: int) -> bool:
        """True when a reporting verb opens the clause that token ``k`` ends (وأشارت المصادر بالقول)."""
        first = max(t.sentence_start[t.sentence_of[k]], k - _MAX_SUBJECT_BEFORE)
        for j in range(k - 1, first - 1, -1):
            if t.punct[j]:
                return False
            form = self.lexicon.forms.get(t.keys[j])
            if form is not None and form.kind == "verb" and form.person == 3:
                return True
        return False

    def _after_aside(self, t: QuoteText, k: int, end: int) -> tuple[int, int] | None:
        """The clause after a complementiser that follows a comma-delimited aside (أوضح الوزير، ردا على …، أن …)."""
        while k < end:
            if t.raw[k] in _TERMINAL or self._is_cue(t, k):
                return None
            if self._is_comp(t, k) and t.raw[k - 1] in _COMMAS:
                stop = self._clause_end(t, k + 1)
                return (k + 1, stop) if stop > k + 1 else None
            k += 1
        return None

    def _clause_subject(self, t: QuoteText, i: int) -> tuple[int, int] | None:
        """The subject of the verb opening the clause a verbal noun ends (واختتم المدرب حديثه بقوله، اكتفى الوزير بالقول)."""
        lex = self.lexicon
        first = max(t.sentence_start[t.sentence_of[i]], i - _MAX_SUBJECT_BEFORE)
        start = i
        while start > first and not t.punct[start - 1]:
            start -= 1
        while start < i and (t.keys[start] in lex.discourse or t.keys[start] in lex.temporal):
            start += 1
        if start >= i - 1 or _definite(t.keys[start]):
            return None  # no verb opens the clause, or nothing stands between it and the verbal noun
        end = self._source_after(t, start + 1, i)
        if end <= start + 1:
            return None
        split = _subject_object_split(t, start + 1, end, lex.titles, lex.roles)
        return self._trim(t, start + 1, split if split is not None else end)

    def _after_colon(self, t: QuoteText, k: int, form: CueForm) -> tuple[int, int] | None:
        """What a cue introduces after its colon: a quotation, a complementiser clause, or the rest of the clause."""
        lex = self.lexicon
        if k >= t.n:
            return None
        raw = t.raw[k]
        if raw in lex.openers and k in t.close_of:
            return k + 1, t.close_of[k]
        if raw in lex.brackets and k in t.bracket_close:
            return k + 1, t.bracket_close[k]
        start = k + 1 if self._is_comp(t, k) or raw in lex.openers else k
        if start == k and not (form.colon or form.kind == "participle"):
            return None
        # An opening mark never closed (web text drops closing marks) runs to the end of the clause.
        end = self._clause_end(t, start)
        return (start, end) if end > start else None
    def _nominal_object(
        self, t: QuoteText, i: int, form: CueForm, source: tuple[int, int] | None, source_end: int, after_relative: bool
    ) -> tuple[tuple[int, int] | None, tuple[int, int]] | None:
        """A verb with a noun-phrase object (أكدت قيادة التحالف وقف العمليات; أعلنت الشركة عن استمرار ...)."""
        lex = self.lexicon
        sentence_end = t.sentence_end[t.sentence_of[i]]
        before = None if form.kind == "participle" or form.clitic or after_relative else self._subject_before(t, i)
        if before is not None:
            # Subject-verb order (مركز الأبحاث أعلن حصوله …): everything after the verb is its object.
            end = self._clause_end(t, i + 1)
            return (before, (i + 1, end)) if end > i + 1 else None
        if form.kind == "participle" or after_relative:
            k = source_end
            if k < t.n and not t.punct[k] and t.keys[k] not in lex.source_stop and not _definite(t.keys[k]):
                end = self._clause_end(t, k)
                return (None, (k, end)) if end > k else None
            return None
        if source is None:
            return None
        if source_end < sentence_end and t.keys[source_end] in _OBJECT_PREPOSITIONS:
            end = self._clause_end(t, source_end + 1)  # أعلن عن، شدد على
            return (source, (source_end + 1, end)) if end > source_end + 1 else None
        if source_end + 1 < sentence_end and t.raw[source_end] in _COMMAS and self._object_at(t, source_end + 1):
            # نفت الفنانة غادة عبدالرازق، خضوعها لأي عمليات: the comma closes the subject.
            end = self._clause_end(t, source_end + 1)
            return (source, (source_end + 1, end)) if end > source_end + 1 else None
        split = _subject_object_split(t, *source, lex.titles, lex.roles)
        if split is not None:
            content_end = self._clause_end(t, split)
            if content_end > split:
                return (source[0], split), (split, content_end)
        if source_end < sentence_end and t.keys[source_end] in lex.source_stop:
            # وأكد دونيس خلال المؤتمر الصحفي …، جاهزية فريقه: the object follows the adverbial and a comma.
            for k in range(source_end + 1, min(sentence_end, source_end + _MAX_GAP)):
                if t.raw[k] in _COMMAS:
                    start = k + 1
                    if (
                        start < sentence_end and not t.punct[start] and not self._is_cue(t, start)
                        and t.keys[start] not in lex.discourse and not self._contrast_at(t, start)
                    ):
                        end = self._clause_end(t, start)
                        return (source, (start, end)) if end > start else None
                    return None
                if t.punct[k] or self._is_cue(t, k) or self._is_comp(t, k):
                    return None
        return None

    def _nominal(self, t: QuoteText, i: int, cue: NominalCue, consumed: set[int]) -> _Candidate | None:
        """بحسب / وفقا لـ / نقلا عن / على حد قول ...: the source follows; the content is the clause around."""
        lex = self.lexicon
        size = len(cue.tokens)
        keys = t.keys
        if i + size > t.n:
            return None
        first = keys[i][1:] if keys[i].startswith("و") and keys[i] != cue.tokens[0] else keys[i]
        if first != cue.tokens[0] or tuple(keys[i + 1 : i + size]) != cue.tokens[1:]:
            return None
        end = i + size
        if cue.takes_ma and end + 1 < t.n and keys[end] in _MA and not t.punct[end + 1]:
            end += 2
        elif cue.requires_ma:
            return None  # حسب توجيهات الوزير، وفق خطوات: manner, not attribution
        elif cue.takes_verb and end < t.n and keys[end] in lex.forms:
            end += 1
        while end < t.n and keys[end] in _DEMONSTRATIVE_REFS:
            end += 1
        sid = t.sentence_of[i]
        sentence_start, sentence_end = t.sentence_start[sid], t.sentence_end[sid]
        source_end = self._source_after(t, end, sentence_end)
        if source_end == end:
            return None
        source = self._trim(t, end, source_end)
        if source is None:
            return None
        if cue.needs_complementiser and t.keys[source[0]].startswith("ل") and not t.keys[source[0]].startswith("لل"):
            source = None  # في تصريح لـ«الرياض» أن …: the medium; the speaker is named elsewhere
        content: tuple[int, int] | None
        kind = "nominal"
        if cue.needs_complementiser:
            # وجاء في بيان صادر عن الوزارة أن …: the complementiser follows the document named.
            kind = "nominal-lead"
            content = None
            for j in range(source_end, min(sentence_end, source_end + 6)):
                if self._is_comp(t, j):
                    content = (j + 1, self._clause_end(t, j + 1))
                    break
                if t.punct[j] or self._is_cue(t, j):
                    break
            if content is None:
                return None
        elif i - sentence_start <= 1 or (i > 0 and t.raw[i - 1] in _COMMAS and i - sentence_start <= 2):
            kind = "nominal-lead"
            k = source_end
            for j in range(source_end, min(sentence_end, source_end + 6)):
                if self._is_comp(t, j):  # وبحسب دريك فإن …، بحسب الخبراء إن …
                    k = j + 1
                    break
                if (t.punct[j] and t.raw[j] not in _COMMAS) or self._is_cue(t, j):
                    break
            while k < sentence_end and t.punct[k]:
                k += 1
            content = (k, self._clause_end(t, k)) if k < sentence_end else None
        else:
            # The clause before is attributed only when the cue is set off from it (…، بحسب الوزارة.)
            # or names a saying (وفق ما أظهرته البيانات), and the source closes it: بحسب الأغراض
            # and وفقا للأنظمة inside a clause say "depending on", not "according to".
            if source_end < sentence_end and t.raw[source_end] not in _COMMAS and t.raw[source_end] not in _TERMINAL:
                return None
            if not (i > 0 and t.raw[i - 1] in _COMMAS) and end - i <= len(cue.tokens):
                return None
            content = (sentence_start, i)
        if content is None:
            return None
        content = self._trim(t, *content)
        if content is None:
            return None
        consumed.update(range(i, end))
        return _Candidate((i, end), content, source, None, kind, sid)

    def _trailing_cues(self, t: QuoteText, found: list[_Candidate], headline: set[int]) -> Iterable[_Candidate]:
        """«…»، قال الوزير: a direct quote whose cue comes after it."""
        lex = self.lexicon
        claimed = [c.content for c in found]
        for opener, close in t.close_of.items():
            if t.inside(opener) < _MIN_DIRECT_TOKENS or t.paragraph_of[opener] in headline:
                continue
            inner = (opener + 1, close)
            if any(a <= inner[0] and inner[1] <= b + 1 for a, b in claimed) or any(
                inner[0] <= a and b <= inner[1] for a, b in claimed
            ):
                continue
            k = close + 1
            while k < t.n and k <= close + 2 and (t.raw[k] in _COMMAS or t.raw[k] in _DASHES):
                k += 1
            if k >= t.n:
                continue
            form = lex.forms.get(t.keys[k])
            if form is None or form.kind != "verb":
                continue
            content = self._trim(t, *inner)
            if content is None:
                continue
            source_end = self._source_after(t, k + 1, t.sentence_end[t.sentence_of[k]])
            source = self._trim(t, k + 1, source_end) if source_end > k + 1 else None
            yield _Candidate((k, k + 1), content, source, form.gender, form.kind, t.sentence_of[k])

    # --- sources --------------------------------------------------------------------------

    def _sentence_subject(self, t: QuoteText, sid: int) -> tuple[int, int] | None:
        """The noun phrase after a sentence's first verb (verb-subject order), skipping openers such as بعد ذلك."""
        lex = self.lexicon
        k, end = t.sentence_start[sid], t.sentence_end[sid]
        for j in range(k, min(end, k + _MAX_DATELINE)):
            if t.keys[j] in lex.forms:
                break
            if t.raw[j] == ":":  # a byline or dateline (محمد أبو شعر- سبق: يواصل …)
                k = j + 1
                break
        skipped = 0
        kana = False
        while k < end and skipped < 4 and (t.punct[k] or t.keys[k] in lex.discourse or t.keys[k] in lex.temporal):
            kana = t.keys[k] in _KANA
            if t.keys[k] in _TOPIC_PREPOSITIONS:
                return None  # وعن خضوعها للعلاج قالت: a fronted topic, not a verb and its subject
            k += 1
            skipped += 1
        if kana and k < end and not t.punct[k]:
            k -= 1  # وكانت القوات الروسية دخلت …: the subject follows كان, before its verb
        form = lex.forms.get(t.keys[k]) if k < end else None
        if k >= end or (_definite(t.keys[k]) and not kana) or (form is not None and form.kind != "verb"):
            return None  # no verb first, or a participle opening the sentence (مؤكدا ضرورة …)
        source_end = self._source_after(t, k + 1, end)
        if source_end <= k + 1 or t.keys[k + 1] in lex.honorifics or _accusative(t.raw[k + 1]):
            return None
        split = _subject_object_split(t, k + 1, source_end, lex.titles, lex.roles)
        return self._trim(t, k + 1, split if split is not None else source_end)

    def _opens_sentence(self, t: QuoteText, i: int) -> bool:
        """True when only discourse openers (من جهته، بدوره …) stand before token ``i`` in its sentence."""
        lex = self.lexicon
        k = t.sentence_start[t.sentence_of[i]]
        while k < i and (t.punct[k] or t.keys[k] in lex.discourse or t.keys[k] in lex.temporal):
            k += 1
        return k == i

    def _lead_subject(self, t: QuoteText) -> tuple[int, int] | None:
        for sid in range(min(2, len(t.sentence_start))):
            found = self._sentence_subject(t, sid)
            if found is not None:
                return found
        return None

    def _closest_mention(self, t: QuoteText, antecedent: tuple[int, int], c: _Candidate) -> tuple[int, int]:
        """The latest mention of the antecedent's head word before the cue (…وأشاد دونيس بالمعسكر. وأضاف: …).

        The guidelines want the closest earlier explicit mention of the speaker, which
        may stand in a sentence that quotes nobody. The head is the antecedent's last
        word (the surname in سالم المسلط); a mention inside a quotation or inside this
        quote's content does not count.
        """
        a, b = antecedent
        head = t.keys[b - 1]
        if len(head) < 3 or head in self.lexicon.discourse or head in self.lexicon.titles or head in _ADJECTIVE_OR_TIME:
            return antecedent  # العام in الأمين العام names nobody on its own
        words = set(t.keys[a:b])
        content_start, content_end = c.content
        for m in range(c.cue[0] - 1, b, -1):
            if t.keys[m] != head or content_start <= m < content_end:
                continue
            if t.quoted and t.enclosing_close(m) is not None:
                continue
            start = m
            while start - 1 >= b and t.keys[start - 1] in words and not t.punct[start - 1]:
                start -= 1  # the rest of the name or title, as the antecedent spelt it (الدكتور السهلي)
            return start, m + 1
        return antecedent

    def _resolve(self, t: QuoteText, candidates: list[_Candidate], entities: Sequence[Entity]) -> list[Quote]:
        """Give pro-drop quotes the latest earlier explicit source that agrees in gender; build Quotes."""
        names = sorted((e.start, e.end) for e in entities if e.label in ("PERS", "ORG"))
        history: list[tuple[tuple[int, int], str | None, int]] = []
        quotes: list[Quote] = []
        for c in sorted(candidates, key=lambda c: c.cue[0]):
            source = c.source
            if source is not None:
                history.append((source, c.gender, c.sentence))
            else:
                same_sentence = [h for h in history if h[2] == c.sentence]
                if same_sentence and t.quoted and t.enclosing_close(c.cue[0]) is None:
                    same_sentence = [h for h in same_sentence if t.enclosing_close(h[0][0]) is None]
                if not same_sentence and (c.kind == "participle" or not self._opens_sentence(t, c.cue[0])):
                    # مضيفا أن … after a clause whose verb is no cue: its subject speaks.
                    source = self._sentence_subject(t, c.sentence)
                if source is None and history:
                    outside = history
                    if t.quoted and t.enclosing_close(c.cue[0]) is None:
                        # A speaker quoted inside someone's quotation is not who speaks next.
                        outside = [h for h in history if t.enclosing_close(h[0][0]) is None] or history
                    pool = (same_sentence if c.kind == "participle" else []) or outside
                    agreeing = [h for h in pool if c.gender is None or h[1] is None or h[1] == c.gender]
                    source = self._closest_mention(t, (agreeing or pool)[-1][0], c)
                if source is None and not history:
                    # Nobody quoted yet: the article's lead sentence names the main actor.
                    source = self._sentence_subject(t, t.sentence_of[c.cue[0]]) or self._lead_subject(t)
                if source is not None and not any(h[0] == source for h in history):
                    history.append((source, c.gender, c.sentence))
            if source is not None and (_overlap(source, c.content) or _overlap(source, c.cue)):
                source = None  # a speaker is never inside what is said, nor the word that says it
            content_span, cue_span = t.span(*c.content), t.span(*c.cue)
            source_span = t.span(*source) if source is not None else None
            if source_span is not None and names:
                widened = _widen(source_span, names)
                # A name the recogniser ran over the cue or into the content (وقال محمد tagged as one
                # PERS) would make the parts of the quote overlap: the source then stays as the rules found it.
                if not (widened.overlap(cue_span) or widened.overlap(content_span)):
                    source_span = widened
            quotes.append(Quote(content_span, source_span, cue_span, self._quote_type(t, *c.content)))
        return quotes


def _subject_object_split(t: QuoteText, start: int, end: int, titles: frozenset[str], roles: frozenset[str] = frozenset()) -> int | None:
    """Where a subject noun phrase ends and an object begins: a definite word, then an indefinite one.

    In أكدت قيادة التحالف وقف العمليات the subject ends with a definite genitive
    (التحالف) and the object starts with an indefinite noun in construct (وقف);
    a demonstrative (هذا، هذه) also opens a new noun phrase. A role noun (رئيس، مدير)
    after a definite word is an apposition of the speaker (مفتي عام المملكة رئيس هيئة كبار العلماء).
    """
    for m in range(start + 1, end):
        prev, key = t.keys[m - 1], t.keys[m]
        if key in _DEMONSTRATIVES:
            return m
        if (
            _definite(prev) and not _definite(key) and not _prefixed(key)
            and key not in _NAME_LINKS and prev not in _NAME_LINKS and prev not in titles and key not in roles
        ):
            return m  # …but a title (المهندس محمد، الأمير فيصل) runs on into the name
    return None


def _medium(key: str, media: frozenset[str]) -> bool:
    """لصحيفة، للصحفيين، لوكالة: the preposition ل before a medium or an audience, never part of a speaker's name."""
    if not key.startswith("ل"):
        return False
    stem = key[1:]
    return stem in media or (stem.startswith("ل") and "ا" + stem in media)


def _prefixed(key: str) -> bool:
    """A word that most likely starts with the clitic و، ف، ل or ك (وسحب) rather than a root letter (وقف)."""
    return len(key) >= 5 and key[0] in "وفلك"


def _accusative(token: str) -> bool:
    """An indefinite accusative (نقداً) is an object or adverb, never a subject."""
    return token.endswith(("اً", "ًا"))


def _definite(key: str) -> bool:
    return key.startswith("ال") or key.startswith("لل") or (len(key) > 3 and key[0] in "وبفك" and key[1:3] == "ال")


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
    """One quote per content: a verb cue wins over a nominal one; a nominal cue's clause already quoted is dropped."""
    out: list[_Candidate] = []
    ordered = sorted(candidates, key=lambda c: (c.kind.startswith("nominal"), c.cue[0]))
    for c in ordered:
        a, b = c.content
        duplicate = False
        for o in out:
            shared = max(0, min(b, o.content[1]) - max(a, o.content[0]))
            # A nominal cue after a clause (…، على حد قول البيان) adds nothing when that clause is quoted already.
            restated = c.kind == "nominal" and shared * 2 >= min(b - a, o.content[1] - o.content[0])
            if o.cue == c.cue or restated or (a, b) == o.content:
                duplicate = True
                break
        if not duplicate:
            out.append(c)
    return out


_DEFAULT: QuoteExtractor | None = None


def _default() -> QuoteExtractor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = QuoteExtractor()
    return _DEFAULT


def extract_quotes(doc: Document, extractor: QuoteExtractor | None = None) -> Document:
    """A copy of ``doc`` with its quotes replaced by the extracted ones; entities and the rest kept."""
    found = (extractor or _default()).extract(doc.text, doc.entities)
    return dataclasses.replace(
        doc, quotes=found, meta=dict(doc.meta), entities=list(doc.entities), extra=dict(doc.extra)
    )


def extract_documents(docs: Iterable[Document], extractor: QuoteExtractor | None = None) -> Iterable[Document]:
    """Lazily extract quotes from a stream of documents."""
    extractor = extractor or _default()
    for doc in docs:
        yield extract_quotes(doc, extractor)


def extract_file(
    in_path: str | PathLike[str], out_path: str | PathLike[str], *, lexicon_path: str | PathLike[str] | None = None
) -> int:
    """Read a corpus or gold file, write gold JSON lines with ``quotes`` filled; return the number of documents."""
    from ..gold.io import read_documents, write_documents

    extractor = QuoteExtractor(lexicon_path)
    return write_documents(out_path, extract_documents(read_documents(in_path), extractor))
