"""``python -m simulator library list|search|save|show|history|diff|restore|duplicate|delete|undelete``.

The saved-scenario library (:mod:`simulator.store`) from the command line. The library folder is
``KAIGO_SIM_DATA`` (default ``./data/``). Exit 0 ok, 2 bad input (unknown name, invalid file …).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from simulator.errors import ScenarioError
from simulator.files import dumps, load_scenario, save_scenario
from simulator.i18n import Lang, t
from simulator.store import Entry, Library, StoreError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["ja", "en"], default="ja")
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="saved scenarios (latest versions)")
    listing.add_argument("--all", action="store_true", help="include deleted ones")
    search = sub.add_parser("search", help="find by name, title, author, comment or content")
    search.add_argument("text")
    save = sub.add_parser("save", help="save a scenario file as the next version of NAME")
    save.add_argument("file")
    save.add_argument("--name", required=True)
    save.add_argument("--author", default="")
    save.add_argument("--comment", default="")
    show = sub.add_parser("show", help="print (or --out write) a saved scenario")
    show.add_argument("name")
    show.add_argument("--version", type=int)
    show.add_argument("--format", choices=["toml", "json"], default="toml")
    show.add_argument("--out", help="write to this .toml / .json file instead of printing")
    history = sub.add_parser("history", help="every version of NAME")
    history.add_argument("name")
    diff = sub.add_parser("diff", help="field-by-field changes between two versions")
    diff.add_argument("name")
    diff.add_argument("old", type=int)
    diff.add_argument("new", type=int)
    restore = sub.add_parser("restore", help="save an old version again as the newest")
    restore.add_argument("name")
    restore.add_argument("version", type=int)
    restore.add_argument("--author", default="")
    duplicate = sub.add_parser("duplicate", help="copy NAME to NEW_NAME")
    duplicate.add_argument("name")
    duplicate.add_argument("new_name")
    duplicate.add_argument("--author", default="")
    delete = sub.add_parser("delete", help="delete NAME (recoverable with undelete)")
    delete.add_argument("name")
    delete.add_argument("--yes", action="store_true", help="do not ask for the name again")
    undelete = sub.add_parser("undelete", help="bring a deleted scenario back")
    undelete.add_argument("name")


def _show(value: Any) -> str:
    return "—" if value is None else repr(value) if isinstance(value, str) else str(value)


def _print_entries(entries: list[Entry], lang: Lang) -> None:
    if not entries:
        print(t("store.cli.empty", lang))
        return
    print(t("store.cli.header", lang))
    for e in entries:
        mark = t("store.cli.deleted_mark", lang) if e.deleted else ""
        print(f"{e.name}{mark} | {e.latest} | {e.updated_at[:19]} | {e.author} | {e.title} | {e.comment}")


def _run(args: argparse.Namespace, lib: Library, lang: Lang) -> int:
    action = args.action
    if action in ("list", "search"):
        _print_entries(lib.list(args.all) if action == "list" else lib.search(args.text), lang)
    elif action == "save":
        version = lib.save(args.name, load_scenario(args.file), args.author, args.comment)
        print(t("store.cli.saved", lang, name=version.name, version=version.version))
    elif action == "show":
        scenario = lib.open(args.name, args.version)
        if args.out:
            path = save_scenario(scenario, args.out)
            print(t("store.cli.written", lang, path=path))
        else:
            print(dumps(scenario, args.format), end="")
    elif action == "history":
        for v in lib.versions(args.name):
            print(f"{v.version} | {v.saved_at[:19]} | {v.author} | {v.title} | {v.comment}")
    elif action == "diff":
        changes = lib.diff(args.name, args.old, args.new)
        for c in changes:
            print(f"{c.path}: {_show(c.old)} → {_show(c.new)}")
        if not changes:
            print(t("store.cli.no_changes", lang))
    elif action == "restore":
        version = lib.restore(args.name, args.version, args.author)
        print(t("store.cli.saved", lang, name=version.name, version=version.version))
    elif action == "duplicate":
        version = lib.duplicate(args.name, args.new_name, args.author)
        print(t("store.cli.saved", lang, name=version.name, version=version.version))
    elif action == "delete":
        confirm = args.name if args.yes else input(t("store.cli.confirm_prompt", lang, name=args.name))
        lib.delete(args.name, confirm.strip())
        print(t("store.cli.deleted", lang, name=args.name))
    elif action == "undelete":
        lib.undelete(args.name)
        print(t("store.cli.undeleted", lang, name=args.name))
    return 0


def main(args: argparse.Namespace) -> int:
    lang: Lang = args.lang
    try:
        return _run(args, Library(), lang)
    except StoreError as exc:
        print(exc.message(lang), file=sys.stderr)
    except ScenarioError as exc:
        print(exc.text(lang), file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        print(t("store.error.confirm", lang, name=getattr(args, "name", "")), file=sys.stderr)
    return 2
