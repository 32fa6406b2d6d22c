"""The quote-cue lexicon: loaded from JSON data, expanded into every inflected form.

The lexicon (``khabar/data/quote_lexicon.json``) lists reporting verbs by lemma
(perfect and imperfect third person masculine singular, and the accusative
participle), nominal cues, complementisers and quotation-mark pairs. This module
turns the lemmas into the surface forms found in news text with generic Arabic
verb morphology: perfect suffixes (ت، وا، ا، تا، ن، نا، تم ...), imperfect
prefixes (ي، ت، ن، أ) and suffixes (ون، ان، ن، وا، ين), the future prefix س,
and the proclitics و and ف. Weak verbs whose stems change (قال/قلت, نفى/نفت)
list their irregular forms in the data. No form of a particular article is in
the code or the data.

A morphological analyser (camel-tools' analyser) would recognise the same
forms, but it needs a separately downloaded database and costs tens of
microseconds a word; a set lookup of pre-generated forms keeps extraction at
thousands of articles a second and works on a fresh install.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import Any

from ...errors import InputError, KhabarError
from ...text import normalize
from ..quote_marks import PACKAGED_LEXICON, lexicon_pairs, read_lexicon_json

__all__ = ["CueForm", "NominalCue", "Lexicon", "load_lexicon", "norm", "DEFAULT_LEXICON", "VERB_READING"]

#: The packaged lexicon.
DEFAULT_LEXICON = PACKAGED_LEXICON

_PERFECT_SUFFIXES: dict[str, str | None] = {
    "": "m", "ت": "f", "وا": "m", "ا": "m", "تا": "f", "ن": "f", "نا": None, "تم": "m", "تن": "f", "تما": None,
}
# قلنا is "we said", قلتم "you said"; -ت (قالت "she said", also "I said") counts as third person.
_PERFECT_PERSON: dict[str, int] = {"نا": 1, "تم": 2, "تن": 2, "تما": 2}
_IMPERFECT_PREFIXES: dict[str, str | None] = {"ي": "m", "ت": "f", "ن": None, "ا": None}
_FIRST_PERSON_PREFIXES = "نا"
_IMPERFECT_SUFFIXES: tuple[str, ...] = ("", "ون", "ان", "ن", "وا", "ين", "ا")
# No feminine plural (-ات): مطالبات، متابعات are nouns far more often than participles.
_PARTICIPLE_ENDINGS: dict[str, str] = {"ا": "m", "ه": "f", "ين": "m", "ون": "m", "تين": "f"}
_OBJECT_PRONOUNS: tuple[str, ...] = ("ه", "ها", "هم", "ني")
_PROCLITICS: tuple[str, ...] = ("", "و", "ف")
_FUTURE: tuple[str, ...] = ("س", "وس", "فس")
#: Verbs whose لـ + imperfect is mostly another verb: ليرى "to see", ليظهر "to appear", ليبلغ "to reach", ليتابع "to
#: follow", لتذكر "to remember", ليتهم "would that they", ليتوقع، ليتمنى، ليستبعد: no purpose reading (see CueForm.purpose).
_NO_PURPOSE = frozenset(("رأى", "أظهر", "أبلغ", "تابع", "ذكر", "اتهم", "توقع", "تمنى", "استبعد", "اعتقد", "تعهد", "أخبر", "لاحظ"))
#: ليبين "Libyans" (misspelt ليبيين).
_NOT_PURPOSE = frozenset(("ليبين",))


#: Marks the keys of a verb whose forms report only in one construction (عبّر عن … أن "expressed the hope that", bare
#: عبر being also the preposition "via"; أصر على أن "insisted that", not أصر على تحقيقه "insisted on achieving it"):
#: the lexicon keeps its forms under their keys with this mark, which no normalised word can spell (norm drops the
#: tatweel), and the rules give a token that key only where it reads so (see ``Lexicon.checked_forms``).
VERB_READING = "\u0640"

@functools.lru_cache(maxsize=200_000)
def norm(token: str) -> str:
    """The matching key of a token: :func:`khabar.text.normalize`, cached (tokens repeat a lot). Words typed in
    presentation forms (ﻭﻗﺎﻝ) or with a Persian keyboard's letters (وأکد) get the keys of the same words."""
    return normalize(token)


@dataclass(frozen=True, slots=True)
class CueForm:
    """What one surface form of a reporting verb tells the extractor.

    ``kind`` is ``verb`` or ``participle``; ``gender`` is ``m``, ``f`` or None
    when the form does not say; ``clitic`` is True when the form starts with و
    or ف (a new clause, so no subject can stand before it). ``perfect`` marks a
    past-tense form (after أن it is past, not subjunctive: بعد أن أعلن);
    ``first_person_too`` marks a form that normalisation makes identical to a
    first-person one (اعتقد "he thought" and أعتقد "I think", أعلن and أُعلن).
    """

    lemma: str
    kind: str
    object: str
    colon: bool
    gender: str | None
    clitic: bool
    person: int = 3
    perfect: bool = False
    first_person_too: bool = False
    #: A perfect with an object pronoun (ووصفوه، أخبرته): it reports only a clause its complementiser opens.
    pronoun_object: bool = False
    #: لـ and a third-person imperfect (وعاد الوزير ليؤكد أن …، اتصل بنا ليقول إن …): "to say", a purpose clause whose
    #: speaker is the subject of the verb it depends on; it reports only a clause its complementiser opens.
    purpose: bool = False
    #: The future (سيعلن، ستكشف عن، سيطالب بـ): what will be said has not been said, so it reports nothing.
    future: bool = False


@dataclass(frozen=True, slots=True)
class NominalCue:
    """A multi-word nominal cue (بحسب, نقلا عن, على حد قول ...), as normalised tokens."""

    tokens: tuple[str, ...]
    takes_ma: bool = False
    takes_verb: bool = False
    needs_complementiser: bool = False
    requires_ma: bool = False


@dataclass(slots=True)
class Lexicon:
    """Every cue form, complementiser and word list the rules need, normalised for lookup."""

    forms: dict[str, CueForm] = field(default_factory=dict)
    nominal: dict[str, list[NominalCue]] = field(default_factory=dict)
    complementisers: frozenset[str] = frozenset()
    blocked_after: frozenset[str] = frozenset()
    linking_prepositions: frozenset[str] = frozenset()
    impersonal: frozenset[str] = frozenset()
    source_stop: frozenset[str] = frozenset()
    temporal: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()
    speech_events: frozenset[str] = frozenset()
    discourse: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    media: frozenset[str] = frozenset()
    #: Names of wire agencies and broadcasters (رويترز، فرانس برس، الأناضول), each also without its article: after ل,
    #: whom a speaker told.
    agencies: frozenset[str] = frozenset()
    clause_restarts: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    openers: dict[str, str] = field(default_factory=dict)
    brackets: dict[str, str] = field(default_factory=dict)
    #: lemma -> the prepositions that open its object (دعا إلى، طالب بـ، شدد على); ``ب`` is glued to the next word.
    object_prepositions: dict[str, frozenset[str]] = field(default_factory=dict)
    #: lemma -> prepositions that open its object only when no complementiser follows the verb (أفاد بمقتل … but
    #: أفاد المدير بوزارة الصحة أن …: there the بـ is where the speaker works).
    fallback_prepositions: dict[str, frozenset[str]] = field(default_factory=dict)
    #: The keys of the forms of 'checked' verbs (عبر، وعبرت، معبرا …), each a cue only under its key with
    #: :data:`VERB_READING`, which the rules give a token where it reads as the reporting verb.
    checked_forms: frozenset[str] = frozenset()
    #: (the extra words, every key that may start a cue): see :meth:`cue_starts`.
    _cue_starts: tuple[frozenset[str], frozenset[str]] | None = field(default=None, init=False, repr=False, compare=False)
    #: (the extra words, the other words, every key :meth:`scanned_keys` gives): see :meth:`scanned_keys`.
    _scanned: tuple[frozenset[str], frozenset[str], frozenset[str]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    #: (quote_marks, pairing_marks), computed when first asked for: both are read for every article.
    _marks: tuple[frozenset[str], frozenset[str]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def quote_marks(self) -> frozenset[str]:
        """Every quotation mark, opening or closing."""
        return (self._marks or self._compute_marks())[0]

    def cue_starts(self, extra: frozenset[str] = frozenset()) -> frozenset[str]:
        """Every key a verbal or nominal cue can start with, and ``extra``: one set, so one pass over an article's
        tokens finds them all. Computed once (a lexicon's lists are not changed in place: :func:`dataclasses.replace`
        makes a new one, which computes it afresh)."""
        if self._cue_starts is None or self._cue_starts[0] is not extra:
            self._cue_starts = (extra, frozenset(self.forms) | frozenset(self.nominal) | extra)
        return self._cue_starts[1]

    def scanned_keys(self, extra: frozenset[str], also: frozenset[str]) -> frozenset[str]:
        """:meth:`cue_starts` of ``extra``, the keys of :attr:`checked_forms` and ``also``: every key one of the rules'
        passes over an article's tokens looks for, so that a single pass finds them all. Computed once, as
        :meth:`cue_starts` is."""
        if self._scanned is None or self._scanned[0] is not extra or self._scanned[1] is not also:
            self._scanned = (extra, also, self.cue_starts(extra) | self.checked_forms | also)
        return self._scanned[2]

    @property
    def pairing_marks(self) -> frozenset[str]:
        """Every single-character quotation mark and bracket, opening or closing: the tokens that pair."""
        return (self._marks or self._compute_marks())[1]

    def _compute_marks(self) -> tuple[frozenset[str], frozenset[str]]:
        marks = (*self.openers, *self.openers.values(), *self.brackets, *self.brackets.values())
        quote_marks = frozenset(self.openers) | frozenset(self.openers.values())
        self._marks = (quote_marks, frozenset(mark for mark in marks if len(mark) == 1))
        return self._marks

    def cue(self, key: str) -> CueForm | None:
        """The cue form of a normalised token, or None."""
        return self.forms.get(key)

    def knows(self, key: str) -> bool:
        """Whether a normalised token is one of the lexicon's cue forms, a 'checked' verb's included (whose forms are
        cues only where the rules read its construction, so :meth:`cue` does not return them)."""
        return key in self.forms or key in self.checked_forms


def _with_and_without_article(names: frozenset[str]) -> frozenset[str]:
    """Each name, and without its article (الأناضول -> اناضول), as للأناضول and لأناضول both occur."""
    return names | {name[2:] for name in names if name.startswith("ال") and len(name) > 4}


def _normset(words: Any, where: dict[str, Any], name: str) -> frozenset[str]:
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise InputError("E412", f"{name} must be a list of strings", field=name, **where)
    return frozenset(norm(w) for w in words)


def _add(forms: dict[str, CueForm], key: str, form: CueForm) -> None:
    # The first lemma to claim a form keeps it: the lexicon lists the commoner verbs first.
    known = forms.setdefault(key, form)
    if known is not form and known.person == 3 and form.person != 3 and not known.first_person_too:
        # Without its hamza a third-person form can also be read as first person (اعتقد / أعتقد).
        forms[key] = replace(known, first_person_too=True)


def _expand_participle(entry: dict[str, Any], forms: dict[str, CueForm], excluded: frozenset[str]) -> None:
    participle = entry.get("participle")
    if isinstance(participle, str) and participle:
        base = norm(participle)
        base = base[:-1] if base.endswith("ا") else base
        obj, colon = entry.get("object", "complement"), bool(entry.get("colon", False))
        for ending, gender in _PARTICIPLE_ENDINGS.items():
            key = base + ending
            if key not in excluded:
                _add(forms, key, CueForm(entry["perfect"], "participle", obj, colon, gender, False))


def _expand_verb(entry: dict[str, Any], forms: dict[str, CueForm], excluded: frozenset[str], where: dict[str, Any]) -> None:
    perfect, imperfect = entry.get("perfect"), entry.get("imperfect")
    if not isinstance(perfect, str) or not isinstance(imperfect, str) or not imperfect:
        raise InputError("E413", f"a verb needs 'perfect' and 'imperfect' strings, found {entry!r}", field="verbs", **where)
    obj = entry.get("object", "complement")
    if obj not in ("complement", "nominal", "colon"):
        raise InputError("E414", f"'object' must be complement, nominal or colon, found {obj!r}", field="verbs.object", **where)
    colon = bool(entry.get("colon", False))
    lemma = perfect

    def put(surface: str, kind: str, gender: str | None, person: int = 3, past: bool = False) -> None:
        for clitic in _PROCLITICS:
            key = clitic + surface
            if key not in excluded:
                _add(forms, key, CueForm(lemma, kind, obj, colon, gender, bool(clitic), person, past))

    p = norm(perfect)
    for suffix, gender in _PERFECT_SUFFIXES.items():
        put(p + suffix, "verb", gender, _PERFECT_PERSON.get(suffix, 3), past=True)
    if obj == "colon":
        # فسألته: … — a verb of asking or answering names its addressee with a pronoun. Other
        # verbs with an object pronoun (قالها، ما أعلنه) look back at something already said.
        for suffix in ("", "ت"):
            for pronoun in _OBJECT_PRONOUNS:
                put(p + suffix + pronoun, "verb", _PERFECT_SUFFIXES[suffix])
    if entry.get("object_pronouns"):
        # ووصفوه بأنه «…»، أخبرته أن …: a verb whose object is whom or what is spoken of, not the words, keeps its
        # pronoun; what was said then needs a complementiser or a quotation.
        for suffix, gender in (("", "m"), ("ت", "f"), ("و", "m")):
            for pronoun in (*_OBJECT_PRONOUNS, "هما", "نا"):
                for clitic in _PROCLITICS:
                    key = clitic + p + suffix + pronoun
                    if key not in excluded:
                        _add(forms, key, CueForm(lemma, "verb", "complement", colon, gender, bool(clitic), 3, True, pronoun_object=True))
    stem = norm(imperfect)[1:]
    # 'perfect_only': the imperfect is another verb as often (يبرز "stands out", not "highlights").
    for prefix, gender in () if entry.get("perfect_only") else _IMPERFECT_PREFIXES.items():
        # First person (أ، ن) takes no number suffix.
        for suffix in _IMPERFECT_SUFFIXES if prefix in "يت" else ("",):
            g = "m" if suffix in ("ون", "وا") else gender
            person = 1 if prefix in _FIRST_PERSON_PREFIXES else 3
            put(prefix + stem + suffix, "verb", g, person)
            for future in _FUTURE:
                key = future + prefix + stem + suffix
                if key not in excluded:
                    _add(forms, key, CueForm(lemma, "verb", obj, colon, g, future[0] in "وف", person, future=True))
    if not entry.get("perfect_only") and obj != "colon" and perfect not in _NO_PURPOSE:
        # ليؤكد أن، لتضيف أن، ليقولوا إن: "to say", after the verb of the clause it depends on (وعاد الوزير ليؤكد …)
        for prefix, gender in (("ي", "m"), ("ت", "f")):
            for suffix in ("", "وا", "ا"):
                key = "ل" + prefix + stem + suffix
                if key not in excluded and key not in _NOT_PURPOSE:
                    _add(forms, key, CueForm(lemma, "verb", obj, colon, "m" if suffix == "وا" else gender, False, purpose=True))
    for irregular in entry.get("irregular", []):
        key = norm(irregular)
        kind = "participle" if key.startswith("م") and len(key) > 3 and key[-1] in "اه" and key not in (p,) else "verb"
        gender = "f" if key.endswith(("ت", "ه")) else None
        put(key, kind, gender)
    speakers = entry.get("speaker_forms", [])
    if not isinstance(speakers, list) or not all(isinstance(w, str) for w in speakers):
        raise InputError("E412", "speaker_forms must be a list of strings", field="verbs.speaker_forms", **where)
    for speaker in speakers:
        # قلت، أضفنا، أرى: the first or second person of a weak verb; recognised, never a cue.
        put(norm(speaker), "verb", None, 1)


@functools.cache
def _load_cached(path: str) -> Lexicon:
    return _build(Path(path))


def load_lexicon(path: str | PathLike[str] | None = None) -> Lexicon:
    """Load and expand a cue lexicon; ``None`` means the packaged one. Results are cached per path; an error names
    the file as ``path`` gives it."""
    if path is None:
        with resources.as_file(resources.files("khabar.data") / DEFAULT_LEXICON) as packaged:
            return _load_cached(str(packaged))
    resolved = Path(path).resolve()
    try:
        return _load_cached(str(resolved))
    except KhabarError as error:
        if error.path == resolved:  # the cache's key, which the user never typed
            error.path = path
            error.args = (str(error),)
        raise


def _build(path: Path) -> Lexicon:
    where: dict[str, Any] = {"path": path}
    data = read_lexicon_json(path)

    excluded = _normset(data.get("exclude_forms", []), where, "exclude_forms")
    forms: dict[str, CueForm] = {}
    object_prepositions: dict[str, frozenset[str]] = {}
    fallback_prepositions: dict[str, frozenset[str]] = {}
    for entry in data["verbs"]:
        if not isinstance(entry, dict):
            raise InputError("E413", f"a verb entry must be an object, found {entry!r}", field="verbs", **where)
        _expand_verb(entry, forms, excluded, where)
        if "prepositions" in entry:
            object_prepositions[entry["perfect"]] = _normset(entry["prepositions"], where, "verbs.prepositions")
        if "prepositions_without_complementiser" in entry:
            fallback_prepositions[entry["perfect"]] = _normset(
                entry["prepositions_without_complementiser"], where, "verbs.prepositions_without_complementiser"
            )
    for word in data.get("reported_nouns", []):
        # ونقلت الوكالة عن الوزير قوله: … — a verbal noun with the speaker's pronoun.
        if not isinstance(word, str):
            raise InputError("E412", "reported_nouns must be a list of strings", field="reported_nouns", **where)
        key = norm(word)
        gender = "f" if key.endswith("ها") else None
        forms[key] = CueForm(key, "masdar", "complement", True, gender, False)
    participle_only = data.get("participle_only", [])
    if not isinstance(participle_only, list) or not all(
        isinstance(e, dict) and isinstance(e.get("perfect"), str) and isinstance(e.get("participle"), str) for e in participle_only
    ):
        raise InputError("E409", "participle_only must be a list of objects with 'perfect' and 'participle' strings", field="participle_only", **where)
    # Participles claim their forms over verb forms with a clitic (واصفا is no و + أصف).
    for entry in [*data["verbs"], *participle_only]:
        participle_forms: dict[str, CueForm] = {}
        _expand_participle(entry, participle_forms, excluded)
        forms.update(participle_forms)

    # 'checked': every form of the verb keeps only a marked key (عبر "via" is no cue; the rules mark عبّر عن … أن).
    checked_lemmas = {entry["perfect"] for entry in data["verbs"] if entry.get("checked")}
    checked = frozenset(key for key, form in forms.items() if form.lemma in checked_lemmas)
    for key in checked:
        forms[key + VERB_READING] = forms.pop(key)

    nominal: dict[str, list[NominalCue]] = {}
    for entry in data.get("nominal_cues", []):
        tokens = entry.get("tokens") if isinstance(entry, dict) else None
        if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) for t in tokens):
            raise InputError("E407", f"a nominal cue needs a non-empty 'tokens' list, found {entry!r}", field="nominal_cues", **where)
        cue = NominalCue(
            tuple(norm(t) for t in tokens),
            bool(entry.get("takes_ma")),
            bool(entry.get("takes_verb")),
            bool(entry.get("needs_complementiser")),
            bool(entry.get("requires_ma")),
        )
        for first in (cue.tokens[0], "و" + cue.tokens[0]):
            nominal.setdefault(first, []).append(cue)
    for cues in nominal.values():
        cues.sort(key=lambda c: -len(c.tokens))  # longest match first

    comp = data.get("complementisers", {})
    bases = [norm(b) for b in comp.get("bases", [])]
    suffixes = [norm(s) for s in comp.get("pronoun_suffixes", [])]
    comp_forms = {b + s for b in bases for s in ["", *suffixes]} - _normset(comp.get("exclude", []), where, "complementisers.exclude")

    return Lexicon(
        forms=forms,
        nominal=nominal,
        complementisers=frozenset(comp_forms),
        blocked_after=_normset(comp.get("blocked_after", []), where, "complementisers.blocked_after"),
        linking_prepositions=_normset(data.get("linking_prepositions", []), where, "linking_prepositions"),
        impersonal=_normset(data.get("impersonal", []), where, "impersonal"),
        source_stop=_normset(data.get("source_stop_words", []), where, "source_stop_words"),
        temporal=_normset(data.get("temporal_words", []), where, "temporal_words"),
        adverbs=_normset(data.get("temporal_words", []), where, "temporal_words")
        | _normset(data.get("manner_adverbs", []), where, "manner_adverbs"),
        speech_events=_normset(data.get("speech_event_nouns", []), where, "speech_event_nouns"),
        discourse=_normset(data.get("discourse_openers", []), where, "discourse_openers"),
        honorifics=_normset(data.get("honorific_pronouns", []), where, "honorific_pronouns"),
        titles=_normset(data.get("titles", []), where, "titles"),
        roles=_normset(data.get("role_nouns", []), where, "role_nouns"),
        media=_normset(data.get("media_nouns", []), where, "media_nouns"),
        agencies=_with_and_without_article(_normset(data.get("news_agencies", []), where, "news_agencies")),
        clause_restarts=_normset(data.get("clause_restarts", []), where, "clause_restarts"),
        connectors=_normset(data.get("clause_connectors", []), where, "clause_connectors"),
        openers=lexicon_pairs(data, "quotation_marks", where),
        brackets=lexicon_pairs(data, "bracket_quotes", where),
        object_prepositions=object_prepositions,
        fallback_prepositions=fallback_prepositions,
        checked_forms=checked,
    )
