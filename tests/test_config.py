from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qualify.config import config_hash, load_config, parse_config
from qualify.errors import ConfigError

TEMPLATE = Path(__file__).resolve().parents[1] / "qualify" / "templates" / "qualify.yaml"


def starter() -> dict:
    return yaml.safe_load(TEMPLATE.read_text())


def error_of(data: object) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    return info.value


def test_starter_config_is_valid_and_uses_every_section() -> None:
    cfg = load_config(TEMPLATE)
    assert len(cfg.activation.key_features) == 5
    assert {s.decay.kind for s in cfg.intent.signals} == {"exponential", "linear", "step", "window"}
    assert any(r.required for r in cfg.icp.rules)
    assert cfg.icp.disqualifiers and cfg.routing.sales_assisted


def test_empty_config_is_valid_with_defaults() -> None:
    cfg = parse_config(None)
    assert cfg.activation.threshold == 0.6 and cfg.icp.rules == []


def test_error_names_the_exact_path_of_a_missing_field() -> None:
    data = starter()
    del data["activation"]["key_features"][2]["event"]
    err = error_of(data)
    assert err.path == "activation.key_features[2].event"
    assert "required" in err.message.lower()


def test_unknown_key_is_rejected_and_lists_allowed_keys() -> None:
    data = starter()
    data["intent"]["signals"][0]["pointz"] = 3
    err = error_of(data)
    assert err.path == "intent.signals[0].pointz"
    assert "unknown key" in err.message and "points" in err.message


def test_unknown_top_level_section() -> None:
    err = error_of({"icpp": {}})
    assert err.path == "icpp" and "icp" in err.message


@pytest.mark.parametrize(
    ("rule", "needle"),
    [
        ({"op": "between", "value": [1]}, "between"),
        ({"op": "in", "value": "SaaS"}, "non-empty list"),
        ({"op": "gte", "value": "many"}, "number"),
        ({"op": "regex", "value": "("}, "invalid regex"),
        ({"op": "is_set", "value": 3}, "is_set"),
        ({"op": "like", "value": 3}, "eq"),
    ],
)
def test_operator_values_are_checked(rule: dict, needle: str) -> None:
    data = {"icp": {"rules": [{"name": "r", "field": "account.employees", **rule}]}}
    err = error_of(data)
    assert err.path.startswith("icp.rules[0]")
    assert needle in err.message


def test_field_must_name_a_scope_and_metrics_are_known() -> None:
    err = error_of({"icp": {"rules": [{"name": "r", "field": "employees", "value": 1}]}})
    assert "person.<trait>" in err.message
    err = error_of({"routing": {"sales_assisted": [{"field": "metric.seatz", "value": 1}]}})
    assert "unknown metric" in err.message


def test_decay_needs_its_parameter() -> None:
    err = error_of(
        {"intent": {"signals": [{"name": "s", "event": "E", "decay": {"kind": "step"}}]}}
    )
    assert err.path == "intent.signals[0].decay" and "steps" in err.message


def test_disqualifier_code_format() -> None:
    err = error_of({"icp": {"disqualifiers": [{"code": "Bad Code", "field": "person.role"}]}})
    assert err.path == "icp.disqualifiers[0].code"


def test_duplicate_feature_names_rejected() -> None:
    feats = [{"name": "A", "event": "x"}, {"name": "A", "event": "y"}]
    err = error_of({"activation": {"key_features": feats}})
    assert "used twice" in err.message


def test_backward_moves_are_written_from_to() -> None:
    err = error_of({"lifecycle": {"allow_backward": ["pql to trial"]}})
    assert err.path == "lifecycle.allow_backward"


def test_typed_columns_follow_what_the_config_reads() -> None:
    cols = {c.column: c.sql_type for c in load_config(TEMPLATE).typed_columns()}
    assert cols["t_employees"] == "DOUBLE"
    assert cols["t_industry"] == "VARCHAR"
    assert cols["p_credit_card"] == "BOOLEAN"
    assert "t_members" not in cols  # metrics are computed, not traits


def test_hash_ignores_key_order_and_changes_with_meaning() -> None:
    a = starter()
    b = dict(reversed(list(starter().items())))
    assert config_hash(parse_config(a)) == config_hash(parse_config(b))
    a["icp"]["threshold"] = 61
    assert config_hash(parse_config(a)) != config_hash(parse_config(b))


def test_bad_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "qualify.yaml"
    bad.write_text("icp: [unclosed")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="qualify init"):
        load_config(tmp_path / "nope" / "qualify.yaml")
