"""Commands: leads, explain, accounts, account."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from qualify.cli.app import JsonOpt, WorkspaceOpt, app, print_json
from qualify.views.text import render_account, render_accounts, render_explain, render_leads
from qualify.workspace import open_workspace

LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=0, help="Show at most N rows.")]


@app.command("leads")
def leads_cmd(
    limit: LimitOpt = 50,
    pql_only: Annotated[bool, typer.Option("--pql-only", help="Only PQLs.")] = False,
    workspace: WorkspaceOpt = Path("."),
    json_out: JsonOpt = False,
) -> None:
    """Identified people by readiness, with what each still misses to qualify."""
    with open_workspace(workspace) as ws:
        items = ws.leads(limit=limit, pql_only=pql_only)
    if json_out:
        print_json(items)
    else:
        Console().print(render_leads(items))


@app.command("explain")
def explain_cmd(
    person: Annotated[str, typer.Argument(help="The person's user id.")],
    workspace: WorkspaceOpt = Path("."),
    json_out: JsonOpt = False,
) -> None:
    """One person's verdict with every reason and both journeys' stage histories."""
    with open_workspace(workspace) as ws:
        data = ws.explain(person)
    if json_out:
        print_json(data)
    else:
        Console().print(render_explain(data))


@app.command("accounts")
def accounts_cmd(
    limit: LimitOpt = 50,
    pqa_only: Annotated[bool, typer.Option("--pqa-only", help="Only PQAs.")] = False,
    workspace: WorkspaceOpt = Path("."),
    json_out: JsonOpt = False,
) -> None:
    """Accounts by readiness, with their members' roll-up."""
    with open_workspace(workspace) as ws:
        items = ws.accounts(limit=limit, pqa_only=pqa_only)
    if json_out:
        print_json(items)
    else:
        Console().print(render_accounts(items))


@app.command("account")
def account_cmd(
    account_id: Annotated[str, typer.Argument(metavar="ID", help="The account's group id.")],
    workspace: WorkspaceOpt = Path("."),
    json_out: JsonOpt = False,
) -> None:
    """One account's roll-up verdict, its people and both journeys' stage histories."""
    with open_workspace(workspace) as ws:
        data = ws.account(account_id)
    if json_out:
        print_json(data)
    else:
        Console().print(render_account(data))
