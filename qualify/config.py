"""The workspace file, `qualify.yaml`: typed, validated, every field defaulted.

Read only at the edges (CLI, server start) and passed down as a `Config` object. Unknown keys
are rejected and an error names the exact path (`activation.key_features[2].event`), what was
found and what is allowed.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from qualify.errors import ConfigError

__all__ = [
    "AccountsRollup",
    "ActivationConfig",
    "Condition",
    "Config",
    "Decay",
    "Disqualifier",
    "EventMatch",
    "IcpConfig",
    "IcpRule",
    "IntentConfig",
    "IntentSignal",
    "KeyFeature",
    "LifecycleConfig",
    "MarketingConfig",
    "ModelsConfig",
    "PqlConfig",
    "RoutingConfig",
    "TypedColumn",
    "config_hash",
    "load_config",
    "parse_config",
]

Op = Literal["eq", "ne", "in", "gte", "lte", "gt", "lt", "between", "regex", "is_set"]
EventType = Literal["track", "page", "screen", "identify", "group"]
FIELD_RE = re.compile(r"^(person|account|metric)\.[A-Za-z_][A-Za-z0-9_]*$")
METRICS = ("members", "activated_members", "active_members")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(Model):
    """One comparison. `value` shape depends on `op`: a list for `in`, `[lo, hi]` for `between`,
    a pattern for `regex`, nothing (or true/false) for `is_set`."""

    op: Op = "eq"
    value: Any = None

    @model_validator(mode="after")
    def _check_value(self) -> Condition:
        _check_op_value(self.op, self.value)
        return self


def _check_op_value(op: str, value: Any) -> None:
    if op == "in" and not (isinstance(value, list) and value):
        raise ValueError("'in' needs a non-empty list in value, e.g. value: [SaaS, Fintech]")
    if op == "between" and not (
        isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value)
    ):
        raise ValueError("'between' needs value: [low, high] with two numbers")
    if op in ("gte", "lte", "gt", "lt") and not _is_number(value):
        raise ValueError(f"'{op}' needs a number in value, got {value!r}")
    if op == "regex":
        if not isinstance(value, str):
            raise ValueError("'regex' needs a pattern string in value")
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regex {value!r}: {exc}") from exc
    if op in ("eq", "ne") and value is None:
        raise ValueError(f"'{op}' needs a value")
    if op == "is_set" and value not in (None, True, False):
        raise ValueError("'is_set' takes no value, or true / false")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class FieldRule(Model):
    """A condition on a field: `person.<trait>`, `account.<trait>` or `metric.<name>`."""

    field: str
    op: Op = "eq"
    value: Any = None

    @field_validator("field")
    @classmethod
    def _check_field(cls, value: str) -> str:
        if not FIELD_RE.match(value):
            raise ValueError(
                f"{value!r} is not a field; use person.<trait>, account.<trait> or metric.<name>"
            )
        if value.startswith("metric.") and value.split(".", 1)[1] not in METRICS:
            raise ValueError(f"unknown metric {value!r}; allowed: {', '.join(METRICS)}")
        return value

    @model_validator(mode="after")
    def _check_value(self) -> FieldRule:
        _check_op_value(self.op, self.value)
        return self

    @property
    def scope(self) -> str:
        return self.field.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.field.split(".", 1)[1]


class IcpRule(FieldRule):
    name: str
    weight: float = Field(default=10.0, gt=0)
    required: bool = False
    """A required rule is a gate: failing it fails fit whatever the score."""


class Disqualifier(FieldRule):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """A reason code such as `competitor` or `personal_email`."""


class IcpConfig(Model):
    threshold: float = Field(default=60.0, ge=0, le=100)
    rules: list[IcpRule] = Field(default_factory=list)
    disqualifiers: list[Disqualifier] = Field(default_factory=list)


class EventMatch(Model):
    """Matches events by type, name and property filters."""

    event: str = Field(min_length=1)
    type: EventType = "track"
    where: dict[str, Condition] = Field(default_factory=dict)


class KeyFeature(EventMatch):
    name: str = Field(min_length=1)
    min_count: int = Field(default=1, ge=1)


class ActivationConfig(Model):
    threshold: float = Field(default=0.6, ge=0, le=1)
    """Share of key features a person must have discovered to count as activated."""
    key_features: list[KeyFeature] = Field(default_factory=list)
    seat_threshold: float = Field(default=0.6, ge=0, le=1)
    """For an account: share of key features a member needs to count as an activated seat."""

    @model_validator(mode="after")
    def _unique_names(self) -> ActivationConfig:
        _require_unique([f.name for f in self.key_features], "key feature")
        return self


class Decay(Model):
    """How a signal's points fade with age (days).

    linear: `lifespan_days`, exponential: `half_life_days`, window: full points for
    `window_days`, step: `steps` as [[days, fraction], ...] in increasing days.
    """

    kind: Literal["linear", "exponential", "step", "window"] = "exponential"
    lifespan_days: float | None = Field(default=None, gt=0)
    half_life_days: float | None = Field(default=None, gt=0)
    window_days: float | None = Field(default=None, gt=0)
    steps: list[tuple[float, float]] | None = None

    @model_validator(mode="after")
    def _check_kind(self) -> Decay:
        need = {
            "linear": "lifespan_days",
            "exponential": "half_life_days",
            "window": "window_days",
            "step": "steps",
        }[self.kind]
        if getattr(self, need) is None:
            raise ValueError(f"decay kind '{self.kind}' needs {need}")
        if self.steps is not None:
            days = [d for d, _ in self.steps]
            if days != sorted(days) or any(not 0 <= f <= 1 for _, f in self.steps):
                raise ValueError(
                    "steps must be [[days, fraction], ...], days rising, 0<=fraction<=1"
                )
        return self

    @property
    def horizon_days(self) -> float:
        """Age after which the signal is worth (almost) nothing."""
        if self.kind == "linear":
            return float(self.lifespan_days or 0)
        if self.kind == "window":
            return float(self.window_days or 0)
        if self.kind == "step":
            return float(self.steps[-1][0]) if self.steps else 0.0
        # exponential: 10 half-lives leave under 0.1% of the points.
        return 10 * float(self.half_life_days or 0)


class IntentSignal(EventMatch):
    name: str = Field(min_length=1)
    points: float = Field(default=10.0, gt=0)
    decay: Decay = Field(default_factory=lambda: Decay(kind="exponential", half_life_days=14))
    cap_per_day: float | None = Field(default=None, gt=0)
    """Most points this signal can add in one UTC day (ten pricing visits are not ten signals)."""


class IntentConfig(Model):
    threshold: float = Field(default=40.0, ge=0, le=100)
    signals: list[IntentSignal] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_names(self) -> IntentConfig:
        _require_unique([s.name for s in self.signals], "intent signal")
        return self


class Hysteresis(Model):
    """A PQL enters at the thresholds and leaves only when intent falls `exit_margin` below."""

    exit_margin: float = Field(default=10.0, ge=0, le=100)
    lookback_days: int = Field(default=30, ge=1, le=366)


class ReadinessWeights(Model):
    """Readiness 0-100 weighs fit, activation and intent. Intent weighs most by default: it is
    the part that fades, so it tells who is ready now rather than who explored long ago."""

    fit: float = Field(default=0.3, ge=0)
    activation: float = Field(default=0.2, ge=0)
    intent: float = Field(default=0.5, ge=0)


class PqlConfig(Model):
    hysteresis: Hysteresis = Field(default_factory=Hysteresis)
    readiness_weights: ReadinessWeights = Field(default_factory=ReadinessWeights)
    account_threshold_members: int = Field(default=1, ge=1)
    """An account is a PQA when at least this many members are PQLs, or its roll-up qualifies."""


class Touch(EventMatch):
    points: float = Field(default=5.0, gt=0)


class MarketingConfig(Model):
    mql_points: float = Field(default=15.0, gt=0)
    """A lead becomes an MQL when its marketing touches add up to this many points."""
    touches: list[Touch] = Field(default_factory=list)
    sql_events: list[EventMatch] = Field(default_factory=list)
    """A demo or consultation request: the lead becomes an SQL."""


class LifecycleConfig(Model):
    signup: list[EventMatch] = Field(default_factory=list)
    signup_kind_property: str = "plan"
    """The signup property that tells `trial` from `freemium`."""
    opportunity: list[EventMatch] = Field(default_factory=list)
    customer: list[EventMatch] = Field(default_factory=list)
    expansion: list[EventMatch] = Field(default_factory=list)
    advocacy: list[EventMatch] = Field(default_factory=list)
    churn: list[EventMatch] = Field(default_factory=list)
    allow_backward: list[str] = Field(default_factory=lambda: ["pql->trial"])
    """Backward moves allowed, as `from->to`; each is recorded with its reason."""
    conversion_window_days: int = Field(default=90, ge=1)

    @field_validator("allow_backward")
    @classmethod
    def _check_moves(cls, moves: list[str]) -> list[str]:
        for move in moves:
            if not re.match(r"^[a-z]+->[a-z]+$", move):
                raise ValueError(f"{move!r} is not a move; write it as from->to, e.g. pql->trial")
        return moves


class RoutingConfig(Model):
    sales_assisted: list[FieldRule] = Field(default_factory=list)
    """Any rule passing routes the lead to sales; otherwise it is self-serve."""


class AccountsRollup(Model):
    fit: Literal["max", "mean"] = "max"
    intent: Literal["max", "mean", "capped_sum"] = "capped_sum"
    intent_cap: float = Field(default=100.0, gt=0)
    activation: Literal["max", "mean", "share_of_seats", "coverage"] = "coverage"


class ModelsConfig(Model):
    """Learned readiness: the label is "became a customer within label_window_days" of a lead's
    start, scored `scoring_delay_days` after it."""

    label_window_days: int = Field(default=90, ge=1)
    scoring_delay_days: int = Field(default=7, ge=0)
    min_leads: int = Field(default=1000, ge=1)
    """Cold start: below this many complete leads the rules stay and scores say "low data"."""
    min_conversions: int = Field(default=120, ge=1)
    calibration: Literal["sigmoid", "isotonic"] = "sigmoid"
    min_auc_gain: float = Field(default=0.0, ge=0, le=0.5)
    """How much a model must beat both baselines' held-out AUC by to be activated."""
    valid_share: float = Field(default=0.2, gt=0, lt=0.5)
    test_share: float = Field(default=0.2, gt=0, lt=0.5)
    seed: int = 0


class Config(Model):
    """The whole workspace config."""

    version: Literal[1] = 1
    icp: IcpConfig = Field(default_factory=IcpConfig)
    activation: ActivationConfig = Field(default_factory=ActivationConfig)
    intent: IntentConfig = Field(default_factory=IntentConfig)
    pql: PqlConfig = Field(default_factory=PqlConfig)
    marketing: MarketingConfig = Field(default_factory=MarketingConfig)
    lifecycle: LifecycleConfig = Field(default_factory=LifecycleConfig)
    routing: RoutingConfig = Field(default_factory=RoutingConfig)
    accounts: AccountsRollup = Field(default_factory=AccountsRollup)
    models: ModelsConfig = Field(default_factory=ModelsConfig)

    def typed_columns(self) -> list[TypedColumn]:
        """The properties and traits the config reads, kept as typed columns on events."""
        return _typed_columns(self)


class TypedColumn(Model):
    source: Literal["properties", "traits"]
    key: str
    sql_type: Literal["VARCHAR", "DOUBLE", "BOOLEAN"]

    @property
    def column(self) -> str:
        prefix = "p_" if self.source == "properties" else "t_"
        return prefix + re.sub(r"[^A-Za-z0-9_]", "_", self.key).lower()


def _sql_type(op: str, value: Any) -> Literal["VARCHAR", "DOUBLE", "BOOLEAN"]:
    if op in ("gte", "lte", "gt", "lt", "between"):
        return "DOUBLE"
    sample = value[0] if isinstance(value, list) and value else value
    if isinstance(sample, bool):
        return "BOOLEAN"
    if _is_number(sample):
        return "DOUBLE"
    return "VARCHAR"


def _typed_columns(cfg: Config) -> list[TypedColumn]:
    found: dict[tuple[str, str], TypedColumn] = {}

    def add(source: Literal["properties", "traits"], key: str, op: str, value: Any) -> None:
        col = TypedColumn(source=source, key=key, sql_type=_sql_type(op, value))
        prior = found.get((source, key))
        if prior is not None and prior.sql_type != col.sql_type:
            col = TypedColumn(source=source, key=key, sql_type="VARCHAR")
        found[(source, key)] = col

    for match in _all_matches(cfg):
        for prop, cond in match.where.items():
            add("properties", prop, cond.op, cond.value)
    field_rules: list[FieldRule] = [*cfg.icp.rules, *cfg.icp.disqualifiers]
    field_rules += cfg.routing.sales_assisted
    for rule in field_rules:
        if rule.scope != "metric":
            add("traits", rule.key, rule.op, rule.value)
    add("properties", cfg.lifecycle.signup_kind_property, "eq", "trial")
    return sorted(found.values(), key=lambda c: c.column)


def _all_matches(cfg: Config) -> list[EventMatch]:
    lc = cfg.lifecycle
    return [
        *cfg.activation.key_features,
        *cfg.intent.signals,
        *cfg.marketing.touches,
        *cfg.marketing.sql_events,
        *lc.signup,
        *lc.opportunity,
        *lc.customer,
        *lc.expansion,
        *lc.advocacy,
        *lc.churn,
    ]


def _require_unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{what} name {name!r} is used twice; names must be unique")
        seen.add(name)


def _loc_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "tagged-union")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _error_message(err: Any, allowed: str) -> str:
    if err["type"] == "extra_forbidden":
        return f"unknown key{allowed}"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{msg} (found {err.get('input')!r})" if err["type"] == "literal_error" else msg


def _allowed_keys(loc: tuple[int | str, ...]) -> str:
    model: Any = Config
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return ""
        model = _model_of(field.annotation)
    if model is None:
        return ""
    return "; allowed: " + ", ".join(sorted(model.model_fields))


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def parse_config(data: Any, *, source: str = "qualify.yaml") -> Config:
    """Validate a decoded config; raise ConfigError naming the first bad path."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("", f"{source} must hold a mapping at the top level")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        allowed = _allowed_keys(loc) if err["type"] == "extra_forbidden" else ""
        more = len(exc.errors()) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(_loc_path(loc), _error_message(err, allowed) + tail) from None


def load_config(path: Path) -> Config:
    """Read and validate a `qualify.yaml`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("", f"{path} not found; run `qualify init {path.parent}`") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError("", f"{path} is not valid YAML: {exc}") from None
    return parse_config(data, source=str(path))


def config_hash(cfg: Config) -> str:
    """A short, stable hash of the meaning of a config (comments and key order ignored)."""
    canonical = json.dumps(cfg.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]
