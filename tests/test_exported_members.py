from __future__ import annotations

import qualify


def test_public_api_is_pinned() -> None:
    assert qualify.__all__ == sorted(qualify.__all__)
    assert qualify.__all__ == [
        "Config",
        "ConfigError",
        "QualifyError",
        "Workspace",
        "__version__",
        "init",
        "load_config",
        "open",
        "parse_config",
    ]
    for name in qualify.__all__:
        assert hasattr(qualify, name)


def test_open_gives_a_workspace(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = qualify.init(tmp_path / "w")
    for method in ("ingest", "score", "leads", "explain", "accounts", "funnel", "status"):
        assert callable(getattr(ws, method))
    ws.close()
    with qualify.open(tmp_path / "w") as again:
        assert again.status()["events"] == 0
