"""The saved-scenario library end to end, and two processes saving at once lose nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from simulator import scenario as sc
from simulator.cli import main
from simulator.files import save_scenario
from simulator.store import FILE_NAME, Library, StoreError

ROOT = Path(__file__).resolve().parents[2]


def tokuyo(capacity: int = 50, title: str = "特養 増床") -> sc.Scenario:
    return sc.Scenario(
        meta=sc.Meta(title=title),
        organisation=sc.Organisation(services=[sc.ServiceOperation(service="tokuyo", capacity=capacity)]),
    )


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    monkeypatch.setenv("KAIGO_SIM_DATA", str(tmp_path / "data"))
    return Library()


def test_created_on_first_use_in_the_env_folder(library: Library, tmp_path: Path) -> None:
    assert not (tmp_path / "data").exists()
    assert library.list() == []
    assert (tmp_path / "data" / FILE_NAME).exists()


def test_every_save_is_a_new_version(library: Library) -> None:
    v1 = library.save("A社 案1", tokuyo(50), author="佐藤", comment="初回")
    v2 = library.save("A社 案1", tokuyo(60), author="鈴木", comment="理事会後")
    assert (v1.version, v2.version) == (1, 2)
    assert library.open("A社 案1") == tokuyo(60)
    assert library.open("A社 案1", version=1) == tokuyo(50)
    history = library.versions("A社 案1")
    assert [(v.version, v.author, v.comment) for v in history] == [(1, "佐藤", "初回"), (2, "鈴木", "理事会後")]
    (entry,) = library.list()
    assert (entry.name, entry.latest, entry.author, entry.title) == ("A社 案1", 2, "鈴木", "特養 増床")


def test_content_is_json_text_not_pickle(library: Library) -> None:
    import sqlite3

    library.save("x", tokuyo())
    content = sqlite3.connect(library.path).execute("SELECT content FROM versions").fetchone()[0]
    assert isinstance(content, str) and content.lstrip().startswith("{") and '"tokuyo"' in content


def test_search_by_name_title_comment_and_content(library: Library) -> None:
    library.save("A社 案1", tokuyo(title="特養 増床"), comment="理事会用")
    library.save("B会 合併", sc.Scenario(meta=sc.Meta(title="合併"), paths=[sc.Merger(partner=sc.PartnerProfile(name="さくら会"))]))
    assert [e.name for e in library.search("A社")] == ["A社 案1"]
    assert [e.name for e in library.search("理事会")] == ["A社 案1"]
    assert [e.name for e in library.search("さくら会")] == ["B会 合併"]
    assert library.search("100%") == []  # LIKE wildcards are taken literally


def test_diff_two_versions_field_by_field(library: Library) -> None:
    library.save("案", tokuyo(50))
    changed = tokuyo(50)
    changed.organisation.services[0].capacity = 80
    changed.organisation.region_grade = 3
    library.save("案", changed)
    diff = {c.path: (c.old, c.new) for c in library.diff("案", 1, 2)}
    assert diff == {"organisation.region_grade": (8, 3), "organisation.services[0].capacity": (50, 80)}


def test_restore_makes_a_new_version(library: Library) -> None:
    library.save("案", tokuyo(50))
    library.save("案", tokuyo(70))
    restored = library.restore("案", 1, author="佐藤")
    assert restored.version == 3
    assert library.open("案") == tokuyo(50)
    assert "1" in restored.comment
    assert library.open("案", 2) == tokuyo(70)  # nothing overwritten


def test_duplicate(library: Library) -> None:
    library.save("案", tokuyo(50))
    library.save("案", tokuyo(55))
    copy = library.duplicate("案", "案 (コピー)")
    assert copy.version == 1 and library.open("案 (コピー)") == tokuyo(55)
    with pytest.raises(StoreError) as info:
        library.duplicate("案", "案 (コピー)")
    assert "すでに使われています" in info.value.message("ja")


def test_delete_needs_confirmation_and_can_be_undone(library: Library) -> None:
    library.save("案", tokuyo())
    with pytest.raises(StoreError):
        library.delete("案", confirm="違う名前")
    library.delete("案", confirm="案")
    assert library.list() == []
    assert [e.deleted for e in library.list(include_deleted=True)] == [True]
    with pytest.raises(StoreError) as info:
        library.open("案")
    assert "undelete" in info.value.message("en")
    with pytest.raises(StoreError):
        library.save("案", tokuyo())
    library.undelete("案")
    assert library.open("案") == tokuyo()


def test_errors_are_localised(library: Library) -> None:
    for call in (lambda: library.open("ない"), lambda: library.save("  ", tokuyo())):
        with pytest.raises(StoreError) as info:
            call()
        assert info.value.message("ja") != info.value.message("en")
    library.save("案", tokuyo())
    with pytest.raises(StoreError) as info:
        library.open("案", version=9)
    assert "9" in info.value.message("ja")


def test_cli_end_to_end(library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = save_scenario(tokuyo(50), tmp_path / "a.toml")
    save_scenario(tokuyo(80), tmp_path / "b.json")
    assert main(["library", "save", str(path), "--name", "案", "--author", "佐藤", "--comment", "初回"]) == 0
    assert main(["library", "save", str(tmp_path / "b.json"), "--name", "案"]) == 0
    assert main(["library", "list"]) == 0
    assert "案 | 2 |" in capsys.readouterr().out
    assert main(["library", "diff", "案", "1", "2"]) == 0
    assert "organisation.services[0].capacity: 50 → 80" in capsys.readouterr().out
    out = tmp_path / "out.toml"
    assert main(["library", "show", "案", "--version", "1", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("capacity = 50") == 1
    assert main(["library", "restore", "案", "1"]) == 0
    assert main(["library", "duplicate", "案", "案2"]) == 0
    assert main(["library", "delete", "案2", "--yes"]) == 0
    assert main(["library", "undelete", "案2"]) == 0
    assert main(["library", "show", "ない"]) == 2
    assert "ありません" in capsys.readouterr().err
    assert main(["library", "save", str(tmp_path / "missing.toml"), "--name", "x"]) == 2


WRITER = textwrap.dedent(
    """
    import sys
    from simulator.scenario import Scenario, Meta
    from simulator.store import Library
    tag = sys.argv[1]
    lib = Library()
    for i in range(100):
        lib.save("共有案", Scenario(meta=Meta(title=f"{tag}-{i}")), author=tag, comment=f"{tag}-{i}")
    """
)


@pytest.mark.slow
def test_two_processes_saving_100_versions_each_lose_nothing(tmp_path: Path) -> None:
    env = {"KAIGO_SIM_DATA": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    Library(tmp_path / "data").list()  # create the file first, as the app would
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, tag], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        for tag in ("p1", "p2")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    versions = Library(tmp_path / "data").versions("共有案")
    assert [v.version for v in versions] == list(range(1, 201))
    comments = {v.comment for v in versions}
    assert comments == {f"{tag}-{i}" for tag in ("p1", "p2") for i in range(100)}
    for tag in ("p1", "p2"):  # each writer's own saves stay in order
        mine = [int(v.comment.split("-")[1]) for v in versions if v.author == tag]
        assert mine == list(range(100))
