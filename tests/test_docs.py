"""Documentation keeps up with the code: every command and option is in the README."""

from __future__ import annotations

import argparse
import re

from generator.cli import build_parser
from generator.site.config import ImgGuideConfig

from .helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = ""):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix}{name}", sub
                yield from _commands(sub, f"{prefix}{name} ")


def test_every_command_and_option_is_documented():
    missing = []
    for name, sub in _commands(build_parser()):
        if f"img-guide {name}" not in README:
            missing.append(f"command: img-guide {name}")
        for action in sub._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help" and option not in README:
                    missing.append(f"option: img-guide {name} {option}")
    assert missing == []


def test_every_plugin_option_is_documented():
    for name in dict(ImgGuideConfig._schema):
        assert f"`{name}`" in README, name


def test_quick_start_has_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2
    assert commands[0].startswith("bash scripts/build-sample.sh") and commands[1].startswith(
        "bash scripts/test.sh"
    )


def test_changelog_exists():
    assert (ROOT / "CHANGELOG.md").read_text().startswith("# Changelog")
