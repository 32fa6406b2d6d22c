"""A learned scorer that links each quote content to its cue and source, chosen among candidate pairs.

Candidates
    For one content (a token range of an article), the cues are the rule
    quotes' cues, the attribution layer's predicted cues and the words the cue
    lexicon knows that stand outside the content, in its paragraph, within
    reach; besides no cue at all. Each cue is paired with the source the rules
    gave it, the predicted sources near it in its sentence, entity names
    (PERS/ORG) near it, the noun phrase the rules read as its subject (after or
    before it), the few latest speakers named before the content and the
    latest mention of each one's last word (a dropped subject: وأضاف أن …), and
    no source. The pair the heuristic linking chose (:func:`..model._link`) is
    always among them, and marked.

Features (binary, by name)
    Where each part comes from (rules, CRF layer, entity, earlier speaker and
    its rank), whether a rule quote links exactly this cue and source and how
    much its content overlaps this one, token distance and direction between
    content and cue and between cue and source (bucketed), same sentence and
    paragraph, the cue's lexicon class, the gender of the cue verb (the
    lexicon's form: ت/ي prefix, ـت suffix) against a cheap gender of the source
    (the gender of the cue that introduced an earlier speaker, else a final ة),
    the source's length and title words, and a few conjunctions of these.

Scorer
    A logistic regression (scikit-learn) over those features, trained on gold
    contents: a candidate is positive when its source agrees with the gold
    source (overlapping it, or both absent) and its cue with the gold cue.
    Prediction takes the best-scoring pair. The weights are kept as a plain
    ``{feature: weight}`` table (JSON inside the model file): predicting needs
    neither scikit-learn nor pickle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["LinkCandidate", "PairScorer", "LinkContext", "candidates", "train_scorer"]

TokenRange = tuple[int, int]
#: How far (tokens) a cue may stand from the content it introduces.
MAX_CUE_GAP = 25
#: How far (tokens) a source may stand from its cue.
MAX_SOURCE_GAP = 12
#: How many of the latest earlier speakers are offered for a dropped subject.
EARLIER_SPEAKERS = 3


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    """One (cue, source) pair offered for a content, in token ranges (``None``: absent), with its features."""

    cue: TokenRange | None
    source: TokenRange | None
    features: tuple[str, ...]


@dataclass(slots=True)
class LinkContext:
    """What the candidates of one article are drawn from, in token ranges.

    ``rule_links`` holds ``(cue, source, content)`` of every rule quote; ``cues``
    and ``sources`` the attribution layer's spans; ``names`` PERS/ORG entities
    when the input has them. ``doc`` is the article's
    :class:`~.rules.QuoteDocument` and ``lexicon`` its cue lexicon.
    """

    doc: Any
    lexicon: Any
    rule_links: list[tuple[TokenRange | None, TokenRange | None, TokenRange]]
    cues: list[TokenRange]
    sources: list[TokenRange]
    names: list[TokenRange] = field(default_factory=list)
    _speakers: list[tuple[TokenRange, str | None]] | None = None
    _cue_gender: dict[TokenRange, str | None] = field(default_factory=dict)
    _lexicon_cues: dict[int, list[TokenRange]] = field(default_factory=dict)

    def cue_gender(self, cue: TokenRange | None) -> str | None:
        """The gender the cue's reporting-verb form marks (m, f), None when it marks none."""
        if cue is None:
            return None
        found = self._cue_gender.get(cue, "?")
        if found == "?":
            found = None
            forms, keys = self.lexicon.forms, self.doc.keys
            for k in range(*cue):
                form = forms.get(keys[k])
                if form is not None:
                    found = form.gender
                    break
            self._cue_gender[cue] = found
        return found

    def lexicon_cues(self, paragraph: int) -> list[TokenRange]:
        """Single tokens of the paragraph that the cue lexicon knows (a reporting-verb form or a nominal cue)."""
        cached = self._lexicon_cues.get(paragraph)
        if cached is None:
            doc, lex = self.doc, self.lexicon
            first, end = doc.paragraph_tokens[paragraph]
            cached = self._lexicon_cues[paragraph] = [
                (k, k + 1) for k in range(first, end) if doc.keys[k] in lex.forms or doc.keys[k] in lex.nominal
            ]
        return cached

    def subjects(self, cue: TokenRange) -> list[TokenRange]:
        """The noun phrase the rules would read as the cue's subject, after it (قال الوزير) and before it
        (الوزير قال), where there is one."""
        doc = self.doc
        found: list[TokenRange] = []
        end = doc.sentence_end[doc.sentence_of[cue[0]]]
        after = doc._source_after(cue[1], end) if cue[1] < end else cue[1]
        if after > cue[1]:
            trimmed = doc._trim(cue[1], after)
            if trimmed is not None:
                found.append(trimmed)
        before = doc._subject_before(cue[0])
        if before is not None:
            found.append(before)
        return found

    def latest_mention(self, speaker: TokenRange, before: int, content: TokenRange) -> TokenRange | None:
        """The latest mention of the speaker's last word (the surname of a full name) before token ``before``,
        after the speaker itself and outside ``content``: the guidelines want the closest explicit mention."""
        doc = self.doc
        a, b = speaker
        head = doc.keys[b - 1]
        if len(head) < 3 or doc.punct[b - 1]:
            return None
        words = set(doc.keys[a:b])
        for m in range(before - 1, b - 1, -1):
            if doc.keys[m] != head or content[0] <= m < content[1]:
                continue
            start = m
            while start - 1 >= b and doc.keys[start - 1] in words and not doc.punct[start - 1]:
                start -= 1
            return start, m + 1
        return None

    def speakers(self) -> list[tuple[TokenRange, str | None]]:
        """Every source the rules or the layer found, in text order, with the gender of the cue that introduced it."""
        if self._speakers is None:
            found: dict[TokenRange, str | None] = {}
            for cue, source, _ in self.rule_links:
                if source is not None:
                    found.setdefault(source, self.cue_gender(cue))
            for source in self.sources:
                if source not in found:
                    near = [c for c in self.cues if abs(c[0] - source[0]) <= MAX_SOURCE_GAP]
                    found[source] = self.cue_gender(min(near, key=lambda c: abs(c[0] - source[0]))) if near else None
            self._speakers = sorted(found.items())
        return self._speakers


#: Where the linker's last bounded distance class ends (``"6-12"``).
_LINK_FAR_AFTER = 12


def distance_class(distance: int, far_after: int) -> str:
    """A distance in tokens as a few classes: near words matter one by one, far ones alike.

    ``far_after`` ends the last bounded class: 12 for the linker's pair features, 10 for the quote model's
    token features. The class names are feature names inside saved models, so each keeps its own.
    """
    if distance <= 2:
        return str(distance)
    if distance <= 5:
        return "3-5"
    if distance <= far_after:
        return f"6-{far_after}"
    return "far"


def _overlaps(a: TokenRange, b: TokenRange) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _gap(a: TokenRange, b: TokenRange) -> tuple[str, int]:
    """Direction of ``b`` seen from ``a`` and the tokens between them."""
    if b[1] <= a[0]:
        return "before", a[0] - b[1]
    if b[0] >= a[1]:
        return "after", b[0] - a[1]
    return "inside", 0


def _source_gender(ctx: LinkContext, source: TokenRange, known: dict[TokenRange, str | None]) -> str | None:
    gender = known.get(source)
    if gender is not None:
        return gender
    lex, keys = ctx.lexicon, ctx.doc.keys
    for k in range(*source):
        key = keys[k]
        if ctx.doc.punct[k] or key in lex.titles or key in lex.roles or key in lex.honorifics:
            continue
        return "f" if key.endswith("ة") else "m"
    return None


def candidates(
    ctx: LinkContext,
    content: TokenRange,
    heuristic: tuple[TokenRange | None, TokenRange | None],
) -> list[LinkCandidate]:
    """Every (cue, source) pair offered for ``content``; ``heuristic`` is the pair the heuristic linking chose."""
    doc = ctx.doc
    first, end = content
    paragraph = doc.paragraph_of[first]
    sentences = {doc.sentence_of[first], doc.sentence_of[end - 1]}
    rule_cues = {c: (s, q) for c, s, q in ctx.rule_links if c is not None}
    rule_pairs = {(c, s): q for c, s, q in ctx.rule_links}
    crf_cues, crf_sources, names = set(ctx.cues), set(ctx.sources), set(ctx.names)
    rule_sources = {s for _, s, _ in ctx.rule_links if s is not None}
    speakers = ctx.speakers()
    known_gender = dict(speakers)
    earlier = [s for s, _ in speakers if s[1] <= first][-EARLIER_SPEAKERS:]
    earlier_rank = {s: len(earlier) - i for i, s in enumerate(earlier)}

    cue_pool: list[TokenRange] = []
    lexicon_cues = set(ctx.lexicon_cues(paragraph))
    for cue in sorted(set(rule_cues) | crf_cues | lexicon_cues):
        if _overlaps(cue, content) or doc.paragraph_of[cue[0]] != paragraph:
            continue
        if _gap(content, cue)[1] > MAX_CUE_GAP:
            continue
        cue_pool.append(cue)
    pairs: dict[tuple[TokenRange | None, TokenRange | None], None] = {heuristic: None, (None, None): None}
    subjects: set[tuple[TokenRange, TokenRange]] = set()
    mentions: dict[TokenRange, int] = {}
    for cue in cue_pool:
        pairs[(cue, None)] = None
        if cue in rule_cues and rule_cues[cue][0] is not None:
            pairs[(cue, rule_cues[cue][0])] = None
        sentence = doc.sentence_of[cue[0]]
        for source in (*crf_sources, *names):
            if _overlaps(source, content) or _overlaps(source, cue) or doc.sentence_of[source[0]] != sentence:
                continue
            if _gap(cue, source)[1] <= MAX_SOURCE_GAP:
                pairs[(cue, source)] = None
        for source in ctx.subjects(cue):
            if not _overlaps(source, content):
                pairs[(cue, source)] = None
                subjects.add((cue, source))
        for source in earlier:
            if not _overlaps(source, cue) and not _overlaps(source, content):
                pairs[(cue, source)] = None
            mention = ctx.latest_mention(source, min(cue[0], first), content)
            if mention is not None and not _overlaps(mention, cue):
                pairs[(cue, mention)] = None
                mentions[mention] = earlier_rank[source]

    out: list[LinkCandidate] = []
    for cue, source in pairs:
        f: list[str] = ["bias"]
        if (cue, source) == heuristic:
            f.append("heur")
        if cue is not None and cue == heuristic[0]:
            f.append("heur_cue")
        if source is not None and heuristic[1] is not None and _overlaps(source, heuristic[1]):
            f.append("heur_src")
        rule_content = rule_pairs.get((cue, source))
        if rule_content is not None:
            shared = max(0, min(end, rule_content[1]) - max(first, rule_content[0]))
            ratio = shared / max(1, end - first)
            f.append("rule_pair=" + ("0" if ratio == 0 else "low" if ratio < 0.5 else "high"))
        if cue is None:
            cue_origin = "none"
        else:
            cue_origin = ("r" if cue in rule_cues else "") + ("c" if cue in crf_cues else "") or "l"
        if source is None:
            src_origin = "none"
        else:
            src_origin = "".join(
                tag for tag, holds in (
                    ("r", source in rule_sources), ("c", source in crf_sources),
                    ("e", source in names), ("p", source in earlier_rank),
                    ("s", (cue, source) in subjects), ("m", source in mentions),
                ) if holds
            ) or "x"
        f.append("cue=" + cue_origin)
        f.append("src=" + src_origin)
        f.append(f"co={cue_origin}|{src_origin}")
        if source in earlier_rank:
            f.append(f"prev={earlier_rank[source]}")
        if source in mentions:
            f.append(f"mention={mentions[source]}")
        if cue is not None:
            direction, gap = _gap(content, cue)
            f.append(f"cd={direction}:{distance_class(gap, _LINK_FAR_AFTER)}")
            f.append("cs=" + ("same" if doc.sentence_of[cue[0]] in sentences else "other"))
            key = next((doc.keys[k] for k in range(*cue) if doc.keys[k] in ctx.lexicon.forms), None)
            if key is not None:
                f.append("ck=" + ctx.lexicon.forms[key].kind)
            elif any(doc.keys[k] in ctx.lexicon.nominal for k in range(*cue)):
                f.append("ck=nominal")
            else:
                f.append("ck=unknown")
        if source is not None:
            if cue is not None:
                direction, gap = _gap(cue, source)
                same = doc.sentence_of[source[0]] == doc.sentence_of[cue[0]]
                f.append(f"sd={direction}:{distance_class(gap, _LINK_FAR_AFTER)}:{'same' if same else 'other'}")
                f.append(f"sd={direction}|{src_origin}")
                cg, sg = ctx.cue_gender(cue), _source_gender(ctx, source, known_gender)
                f.append("agree=" + ("?" if cg is None or sg is None else "yes" if cg == sg else "no"))
            direction, gap = _gap(content, source)
            f.append(f"scd={direction}:{distance_class(gap, _LINK_FAR_AFTER)}")
            length = source[1] - source[0]
            f.append("slen=" + ("1" if length == 1 else "2-3" if length <= 3 else "4+"))
            if any(doc.keys[k] in ctx.lexicon.titles or doc.keys[k] in ctx.lexicon.roles for k in range(*source)):
                f.append("stitle")
            if doc.paragraph_of[source[0]] != paragraph:
                f.append("spara=other")
        out.append(LinkCandidate(cue, source, tuple(f)))
    return out


@dataclass(frozen=True)
class PairScorer:
    """Weights of a linear scorer over candidate features; :meth:`best` picks a content's pair."""

    weights: dict[str, float]

    def score(self, candidate: LinkCandidate) -> float:
        weights = self.weights
        return sum(weights.get(f, 0.0) for f in candidate.features)

    def best(self, options: Sequence[LinkCandidate]) -> LinkCandidate:
        """The best-scoring candidate; on a tie the earliest (the heuristic's pair comes first)."""
        return max(options, key=self.score)

    def to_json(self) -> dict[str, Any]:
        return {"kind": "logistic-pairs", "weights": self.weights}

    @classmethod
    def from_json(cls, data: Any) -> PairScorer:
        """The scorer :meth:`to_json` wrote; ValueError when ``data`` is not one."""
        if not isinstance(data, dict) or data.get("kind") != "logistic-pairs" or not isinstance(data.get("weights"), dict):
            raise ValueError("the linker member is not a pair scorer")
        weights = data["weights"]
        if not all(isinstance(k, str) and isinstance(v, (int, float)) for k, v in weights.items()):
            raise ValueError("the pair scorer's weights are not numbers by feature name")
        return cls({k: float(v) for k, v in weights.items()})


def train_scorer(groups: Sequence[tuple[Sequence[LinkCandidate], Sequence[bool]]], c: float = 1.0) -> PairScorer:
    """Fit the scorer on candidate groups (one per gold content) with their labels; groups without a
    positive, or with nothing but positives, teach nothing about the choice and are left out."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for options, truth in groups:
        if not any(truth) or all(truth):
            continue
        for option, positive in zip(options, truth):
            rows.append(dict.fromkeys(option.features, 1.0))
            labels.append(int(positive))
    if len(set(labels)) < 2:
        return PairScorer({"heur": 1.0})
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(rows)
    # The intercept is the same for every candidate of a content, so it cannot rank: none is fitted.
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=1000)
    model.fit(x, labels)
    names = vectorizer.get_feature_names_out()
    return PairScorer({str(n): round(float(w), 6) for n, w in zip(names, model.coef_[0]) if w != 0.0})
