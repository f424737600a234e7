"""The policy as the analyzer sees it: validated, immutable, taxonomy-checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .classifier import Classifier

Severity = Literal["low", "medium", "high"]
Level = Literal["none", "low", "medium", "high"]
Action = Literal["pass", "review", "block"]
SenseScope = Literal[
    "caption", "sentence", "clause", "narration", "speaker", "governed", "intended"
]
# A circumstantial term's mark, which is also its key in ``Policy.confidence``.
Weakness = Literal["weak", "topic"]

SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high")
ACTIONS: tuple[Action, ...] = ("pass", "review", "block")
SENSITIVE_CATEGORIES = frozenset(
    {
        "violence",
        "threat",
        "weapons",
        "extremism",
        "self_harm",
        "sexual",
        "minors",
        "hate",
        "harassment",
        "profanity",
        "drugs",
        "gambling",
        "fraud",
        "pii",
        "advertising",
        "political",
        "distress",
    }
)
EMOTIONS = frozenset({"anger", "fear", "sadness", "disgust", "joy", "surprise"})
# Fiction may excuse depicted gunfire, never these: a "film" framing must not launder them.
NEVER_FICTION_LOWERED = frozenset(
    {"sexual", "minors", "self_harm", "extremism", "fraud", "pii", "hate"}
)
# non_breaks, non_negations, non_persons and non_children are never consulted: they exist to
# claim phrases ("such as", "without warning", "a couple of", "这位宝宝") in the matcher's
# longest-match scan before a shorter cue inside them ("as", a clause break; "without", a
# negation; "couple", a person; "宝宝", a child) can match.
CONTEXT_LISTS = (
    "negation",
    "post_negation",
    "speech_negation",
    "clause_breaks",
    "non_breaks",
    "non_negations",
    "non_persons",
    "non_children",
    "hedges",
    "fiction",
    "fiction_sentence",
    "screens",
    "informational",
    "sport",
    "real_in_sport",
    "live_chat",
    "reported",
    "recounted",
    "music_nouns",
    "person_nouns",
    "not_victims",
    "animal_nouns",
    "public_places",
)


class PolicyError(ValueError):
    """A policy file that cannot be used; ``str(err)`` is ``"<file>:<line>: <problem>"``."""


@dataclass(frozen=True)
class Term:
    """One lexicon entry; ``severity`` overrides the category's when set.

    ``weak`` names the confidence key of a circumstantial term, whose flags do not list their
    label on their own (see ``Policy.list_min``): "weak" for a behaviour or word that often
    means nothing alone ("gasps", "protest"), "topic" for a word that names the subject
    without being evidence of it ("parliament", "president"), which lists its label only
    beside a stronger cue. ``opening`` terms count only where an utterance opens: a slogan
    ("Down with the regime!"), not the same words mid-sentence ("placed down with a click").
    ``weak_in_fiction`` terms are weak only where fiction or sport frames them: an actor's
    scream of pain is the story's violence, a real one is someone hurt now.
    """

    text: str
    severity: Severity | None
    weak: Weakness | None = None
    opening: bool = False
    weak_in_fiction: bool = False


@dataclass(frozen=True)
class Near:
    """Nouns flagged as their rule's own category (a child noun as ``minors``) only in a
    sentence that holds a flag of one of ``categories``."""

    nouns: tuple[str, ...]
    categories: frozenset[str]


@dataclass(frozen=True)
class CategoryRule:
    """Lexicons and scoring knobs of one sensitive category or emotion."""

    name: str
    kind: Literal["sensitive", "emotion"]
    severity: Severity
    weight: float
    fiction_lowers: bool
    en: tuple[Term, ...]
    zh: tuple[Term, ...]
    # Also flag this category on a noun of one of these groups when it shares a sentence
    # with a flag of that group's categories ("a child" + "beaten" → minors): phrase lists
    # cannot enumerate every way a child can be harmed.
    near: tuple[Near, ...] = ()
    # News, documentaries, lectures and public-health messages report rather than enact.
    informational_lowers: bool = False
    # When set, a flag counts fully only if its sentence shows the thing is really there: one
    # of these cues ("reads out", "digit by digit") or a spoken number of six or more digits.
    # Otherwise it scores at ``confidence.unconfirmed``: "asks for your card number" names
    # personal data without disclosing any.
    confirm_with: tuple[str, ...] = ()
    # A flag of one of these categories that is plainly real (not fiction, not a report or a
    # lecture, not hedged) is also a flag of this one: someone who says they mean to end
    # their life is in danger, whatever words they use.
    implied_by: frozenset[str] = frozenset()
    # In a job where one of these is listed, this one lists only on a cue stronger than a
    # weak one: the weak "rally" and "slogans" of an extremist rally are that rally's
    # evidence, not politics; "election" or "politicians" still count.
    explained_by: frozenset[str] = frozenset()
    # A harmless sense never excuses this category's term in a sentence where one of these is
    # flagged: a kitchen knife is a tool until someone in its sentence is hurt or threatened.
    senses_yield_to: frozenset[str] = frozenset()
    # Players talking live over a game (context.live_chat: "voice chat", "teammates"): the
    # game is fiction, what they say to each other is not, so fiction does not lower this.
    real_in_live_chat: bool = False
    # English verbs that count only when a person undergoes them: "hits his wife", "the old
    # man is kicked", never "hits the snare" or "it hit me" (see roles.Roles.done_to_person).
    on_people: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Combination:
    """When every category in ``all_of`` is flagged, raise the result to at least this.

    Unless ``despite_fiction``, a category counts only if it has a flag outside fiction: a
    gun and a threat in a film trailer must not block, a child in danger always does.
    """

    all_of: frozenset[str]
    level: Level
    action: Action
    min_score: int
    despite_fiction: bool


@dataclass(frozen=True)
class Sense:
    """A harmless reading of some of one category's terms, chosen by the caption's context.

    When a ``context`` cue occurs (not negated) anywhere in a caption, matches of ``terms``
    (lexicon entries as written) no longer count for ``category``: "punch" in a martial-arts
    class, "the kill" in a wildlife documentary, a "phone number" read out by a radio DJ. With
    ``scope`` "sentence", only a match in the same sentence as a cue is excused ("the winger's
    attack ends in a goal!"); with "clause", only one in the same clause ("our staff will never
    ask for your code or password"); with "narration", only one in the same sentence as a cue
    in the caption's own prose, never a speaker's ("the talk of killing is plainly figurative", not
    "I'm joking, I'll kill you"; quoted words by a cue in the sentences their quote spans); with
    "speaker", as "narration" but quoted words only by a cue tied to their quote, about their
    speaker ("he laughs", "laughing, she says"; not a host who laughs as a caller speaks); with
    "governed", only one that a cue governs through "to", "of" or a determiner ("threatens to
    stab", "a threat of a shooting": meant, not done); with "intended", only one right after a
    cue, an adverb at most between ("should just kill the feature"), and only when no one is
    named after it ("he'll strangle me" stays); with ``reach``, only a match whose object is a
    context cue ("murder these onions", "slaps the box").
    """

    name: str
    category: str
    terms: frozenset[str]
    context: tuple[str, ...]
    # When set, the context must be the thing the term acts on, not anywhere in the caption:
    # its object within ``reach`` characters after it, else a noun just before it ("slaps the
    # box", "a gong being beaten"); a person who undergoes it or comes first after it keeps
    # the term (roles.Roles.acts_on).
    reach: int | None = None
    scope: SenseScope = "caption"


@dataclass(frozen=True)
class SecondOpinion:
    """The policy's ``classifier`` section (see classifier.py): an emotion of ``confirm_min``
    lists and scores only from segments where ``model`` gives it at least that probability; a
    category of ``add_min`` that a segment's lexicon flags do not list is added where ``model``
    gives it at least that probability, as one flag on the word that weighed most for it.
    Segments of fewer than ``min_words`` words are left to the lexicon: the model was fitted to
    the captioner's multi-paragraph prose, and its score for one line is noise."""

    model: Classifier
    confirm_min: Mapping[str, float]
    min_words: int
    path: str  # where the model was read from
    add_min: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)  # identity hash: compiled matchers are cached per object
class Policy:
    """A validated policy. ``version`` is ``"sha256:"`` + 16 hex digits of the hash of the
    file's bytes followed by its classifier file's bytes, if it names one."""

    path: str
    version: str
    rules: Mapping[str, CategoryRule]  # sensitive categories and emotions, by name
    allow_en: tuple[str, ...]
    allow_zh: tuple[str, ...]
    cues: Mapping[str, tuple[str, ...]]  # keys: CONTEXT_LISTS
    negation_window: int
    # Words that open a new clause after a comma, where a negation ends: "Without a word, he
    # punched her". Not cues: a cue would hide the terms it starts ("he's bleeding").
    negation_breaks: tuple[str, ...]
    severity_multipliers: Mapping[Severity, float]
    secondary_weight: float
    review_threshold: int
    block_threshold: int
    medium_level: int
    high_level: int
    confidence: Mapping[str, float]  # base, hedged, zh_single_char, obfuscated, weak, topic,
    # reported, unconfirmed
    fiction_severity: Severity
    informational_severity: Severity
    combinations: tuple[Combination, ...]
    senses: tuple[Sense, ...] = ()
    # A label is listed in ``categories``/``emotions`` (and scores) only when its flags'
    # combined confidence reaches ``list_min``. Other flags stay as evidence.
    list_min: float = 0.0
    # Whether a label whose every flag was lowered by fiction or sport is listed (and scores).
    list_lowered: bool = True
    classifier: SecondOpinion | None = None
