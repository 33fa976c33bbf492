"""`privacy-server agent add | list | retire`: the operator registers authorised agents.

An agent's details come from the DRP service directory (its id, name, Ed25519 verify key
and web address); the callback prefix is the operator's own decision: status callbacks
go only to addresses that start with it, so an agent cannot make the service call
anything else.
"""

from __future__ import annotations

import argparse
import sys

from server.config import Settings
from server.db.database import Database
from server.drp.registry import AgentExists, all_agents, register_agent, retire_agent


def add_agent_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    agent = commands.add_parser("agent", help="authorised agents (Data Rights Protocol, R6)")
    actions = agent.add_subparsers(dest="agent_command", required=True)
    add = actions.add_parser("add", help="register an agent from the DRP service directory")
    add.add_argument("--id", required=True, help="the agent's directory id ([A-Z_]+)")
    add.add_argument("--name", required=True, help="the name account holders see")
    add.add_argument(
        "--verify-key", required=True, help="its Ed25519 public key, 32 bytes in base64"
    )
    add.add_argument("--web-url", default="", help="its home page (https://)")
    add.add_argument(
        "--callback-prefix",
        default="",
        help="status callbacks only to addresses starting with this (https://host/path/); "
        "none without it",
    )
    actions.add_parser("list", help="the registered agents")
    retire = actions.add_parser("retire", help="refuse an agent from now on")
    retire.add_argument("--id", required=True)


def run_agent_command(args: argparse.Namespace, database: Database, settings: Settings) -> int:
    if args.agent_command == "add":
        try:
            with database.session() as session:
                register_agent(
                    session,
                    agent_id=args.id,
                    name=args.name,
                    verify_key=args.verify_key,
                    web_url=args.web_url,
                    callback_prefix=args.callback_prefix,
                    now=settings.clock(),
                )
        except AgentExists:
            print(f"privacy-server: an agent {args.id} is already registered", file=sys.stderr)
            return 1
        except ValueError as error:
            print(f"privacy-server: cannot register the agent: {error}", file=sys.stderr)
            return 1
        print(f"registered agent {args.id}")
        return 0
    if args.agent_command == "list":
        with database.session() as session:
            for agent in all_agents(session):
                state = f"retired {agent.retired_at:%Y-%m-%d}" if agent.retired_at else "active"
                print(f"{agent.id}\t{agent.name}\t{state}\t{agent.callback_prefix or '-'}")
        return 0
    with database.session() as session:
        found = retire_agent(session, args.id, settings.clock())
    if not found:
        print(f"privacy-server: no agent {args.id}", file=sys.stderr)
        return 1
    print(f"retired agent {args.id}")
    return 0
