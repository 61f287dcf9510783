"""The incremental build gives the site a full build gives, byte for byte, whatever changed.

A small synthetic briefing in git is built once; each test works on a copy, edits it,
builds it incrementally (the build cache of the last build present) and compares the
site with a full build of the same facts into another folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import incremental, rerender, search, urls
from briefing.build import BuildError, Built, build_site
from briefing.cli import parser
from briefing.pipeline import check, site_config
from briefing.problems import failing
from briefing.render import JSON_EXPORT, Pages, Renderer
from briefing.rerender import Done
from briefing.stamps import RACY_NS
from briefing.synth import synthesise
from briefing.write import read_manifest
from conftest import HAND_WRITTEN, files_in, site_project
from repos import commit_all

SCALE = 20
"""Actors in the synthetic briefing: the smallest `briefing synth` makes (about 100 pages)."""
PER_FILE = ("actors", "systems", "deals", "disputes", "sources")
LISTS = ("events", "quotes")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a synthetic briefing in git, built once: site/ and its build cache."""
    project = site_project(tmp_path_factory.mktemp("incremental") / "briefing")
    for relative, text in synthesise(SCALE, 3).items():
        path = project / "facts" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # Built files stay out of git, so that building does not change the edition.
    ignored = ["/site/", "/full/", "/.site-*", "/.full-*", "/docs/*"]
    kept = [f"!/docs/{name}" for name in HAND_WRITTEN]
    (project / ".gitignore").write_text("\n".join([*ignored, *kept]) + "\n", encoding="utf-8")
    commit_all(project, "First edition")
    assert _build(project).reason == "no build cache yet"
    return project


def _copy(built: Path, tmp_path: Path) -> Path:
    project = tmp_path / "briefing"
    shutil.copytree(built, project, symlinks=True)
    return project


def _build(project: Path, site: str = "site", *, full: bool = False, jobs: int = 1) -> Built:
    """Build as `briefing build` does in the project's folder (pages name fact files as
    relative paths, the same in every copy of the project)."""
    with contextlib.chdir(project):
        paths = (Path("facts"), Path("docs"), Path("mkdocs.yml"), Path(site))
        return build_site(*paths, full=full, jobs=jobs)


def assert_same_as_full(project: Path) -> None:
    """Build everything into another folder and compare the two sites byte for byte."""
    _build(project, "full", full=True)
    incremental_site, full_site = files_in(project / "site"), files_in(project / "full")
    assert sorted(incremental_site) == sorted(full_site)
    differing = [p for p in full_site if incremental_site[p] != full_site[p]]
    assert differing == []
    shutil.rmtree(project / "full")


# --- Edits a contributor makes -----------------------------------------------------------

_ID = r"(?<![a-z0-9-]){}(?![a-z0-9-])"


def _records(facts: Path) -> list[tuple[Path, str]]:
    """Return (file, id) for every record, in a stable order."""
    found = []
    for folder in (*PER_FILE, *LISTS):
        for path in sorted((facts / folder).glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for item in data if isinstance(data, list) else [data]:
                found.append((path, item["id"]))
    return found


def _load(path: Path) -> list[dict[str, object]] | dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, list | dict)
    return data


class _Dumper(yaml.SafeDumper):
    """Writes a value shared by two records (a copy's lists) out in full: facts allow no
    anchors or aliases, and an edit that wrote them would be taken back as an error."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(path: Path, data: object) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def _with_record(path: Path, id: str, change: object) -> None:
    """Apply `change(record)` to the record `id` of a fact file, in place."""
    data = _load(path)
    for item in data if isinstance(data, list) else [data]:
        if item["id"] == id:
            change(item)  # type: ignore[operator]
    _dump(path, data)


def _retitle(record: dict[str, object]) -> None:
    for name in ("summary", "title", "name", "text", "label"):
        if isinstance(record.get(name), str):
            record[name] = f"{record[name]} (revised)"
            return
    record["notes"] = "Revised."


def edit(project: Path, operation: str, pick: int) -> None:
    """Make one edit of a kind a contributor makes, to the record or page `pick` selects."""
    facts = project / "facts"
    records = _records(facts)
    path, id = records[pick % len(records)]
    texts = {p: p.read_text(encoding="utf-8") for p in facts.rglob("*.yml")}
    if operation == "change":
        _with_record(path, id, _retitle)
    elif operation == "add":
        new = f"{id}-copy-{pick % 1000}"
        data = _load(path)
        if isinstance(data, list):
            copy = dict(next(item for item in data if item["id"] == id), id=new)
            _retitle(copy)
            _dump(path, [*data, copy])
        else:
            _retitle(data)
            _dump(path.with_name(f"{new}.yml"), dict(data, id=new))
    elif operation == "rename":
        new = f"{id}-renamed"
        pattern = re.compile(_ID.format(re.escape(id)))
        for other, text in texts.items():
            if pattern.search(text):
                other.write_text(pattern.sub(new, text), encoding="utf-8")
        if path.stem == id:
            path.rename(path.with_name(f"{new}.yml"))
    elif operation == "delete":
        # A record others refer to cannot go: delete the first from `pick` that none does.
        pattern = re.compile(_ID.format(re.escape(id)))
        mentions = sum(len(pattern.findall(t)) for p, t in texts.items() if p != path)
        if mentions or len(pattern.findall(texts[path])) > 1:
            return
        data = _load(path)
        if isinstance(data, list) and len(data) > 1:
            _dump(path, [item for item in data if item["id"] != id])
        else:
            path.unlink()
    elif operation == "mkdocs.yml":
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("site_description: ", f"site_description: {pick} "))
    elif operation == "page":
        page = project / "docs" / "method.md"
        page.write_text(f"{page.read_text(encoding='utf-8')}\nRevised, {pick}.\n")
    _, problems = check(facts)
    if failing(problems):
        # The edit broke the facts (a copy's name clashing, say): take it back.
        for other in facts.rglob("*.yml"):
            if other not in texts:
                other.unlink()
        for other, text in texts.items():
            other.write_text(text, encoding="utf-8")


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["change", "add", "rename", "delete", "mkdocs.yml", "page"]),
        st.integers(min_value=0, max_value=10**6),
    ),
    min_size=1,
    max_size=3,
)


# Each step builds twice (incrementally, then in full to compare), about 5 s on 2 cores:
# 3 examples of up to 3 edits stay within a minute or two.
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
def test_after_any_edits_the_incremental_site_is_the_full_build(
    built: Path, tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int]]
) -> None:
    project = _copy(built, tmp_path_factory.mktemp("edits"))
    for step, (operation, pick) in enumerate(edits):
        edit(project, operation, pick)
        commit_all(project, f"Edit {step}: {operation}")
        done = _build(project)
        if operation == "mkdocs.yml":
            assert done.reason == "mkdocs.yml differs from the last build"
        assert_same_as_full(project)


def test_an_edit_to_one_actor_rebuilds_its_pages_only(built: Path, tmp_path: Path) -> None:
    project = _copy(built, tmp_path)
    actor = project / "facts" / "actors" / sorted((project / "facts" / "actors").iterdir())[-1]
    _with_record(actor, actor.stem, _retitle)
    commit_all(project, "Revise an actor")
    done = _build(project)
    assert done.reason == ""
    # The pages whose Markdown changed, and the hand-written one.
    written = [p for p in done.report.written if p.endswith(".md")]
    assert done.rebuilt == len(set(written) | {"method.md"})
    assert done.rebuilt < done.pages
    # The render, too, renders again only the files showing the actor.
    assert 0 < done.rendered < len(read_manifest(project / "docs"))
    assert_same_as_full(project)


def test_a_generated_page_changed_by_hand_is_rendered_again(built: Path, tmp_path: Path) -> None:
    project = _copy(built, tmp_path)
    page = next((project / "docs" / "actors").glob("*.md"))
    page.write_text("Changed by hand.\n", encoding="utf-8")
    (project / "docs" / "systems" / "index.md").unlink()
    done = _build(project)
    assert done.rendered == len(read_manifest(project / "docs"))
    assert_same_as_full(project)


def test_a_build_with_nothing_changed_rebuilds_only_the_hand_written_pages(
    built: Path, tmp_path: Path
) -> None:
    project = _copy(built, tmp_path)
    # The nav gives every page it names a title: only method.md, hand-written, is built.
    assert incremental.untitled_nav_pages(site_config(project / "mkdocs.yml")) == set()
    assert _build(project).rebuilt == 1


def test_a_page_the_nav_names_without_a_title_is_built_each_time(
    built: Path, tmp_path: Path
) -> None:
    project = _copy(built, tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("- Actors: actors/index.md", "- actors/index.md"), "utf-8")
    assert incremental.untitled_nav_pages(site_config(config)) == {"actors/index.md"}
    assert _build(project).reason == "mkdocs.yml differs from the last build"
    # The nav shows it by the title read from the page: read, and built, each time.
    assert _build(project).rebuilt == 2
    assert_same_as_full(project)


def test_full_forces_a_full_build(built: Path, tmp_path: Path) -> None:
    project = _copy(built, tmp_path)
    done = _build(project, full=True)
    assert (done.rebuilt, done.reason) == (None, "--full was asked for")


def _forked_renders(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], int]]:
    """Return the (files, jobs) of each render dealt out to processes from now on."""
    forked: list[tuple[list[str], int]] = []
    in_processes = rerender._render_in_processes

    def spy(renderer: Renderer, pages: Pages, paths: list[str], jobs: int) -> list[Done]:
        forked.append((paths, jobs))
        return in_processes(renderer, pages, paths, jobs)

    monkeypatch.setattr(rerender, "_render_in_processes", spy)
    return forked


def test_a_parallel_build_equals_a_build_in_one_process(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(built, tmp_path)
    # The render, too, is dealt out to processes, however few the pages.
    monkeypatch.setattr(rerender, "PARALLEL_FROM", 1)
    forked = _forked_renders(monkeypatch)
    _build(project, "site", full=True, jobs=3)
    assert [jobs for _, jobs in forked] == [3]
    assert_same_as_full(project)
    # The cache it leaves serves the next build as well as one a single process leaves.
    actor = sorted((project / "facts" / "actors").iterdir())[1]
    _with_record(actor, actor.stem, _retitle)
    commit_all(project, "Revise an actor")
    assert _build(project).reason == ""
    assert_same_as_full(project)


def test_an_edit_to_a_large_base_renders_the_files_made_from_every_record_in_processes(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(built, tmp_path)
    monkeypatch.setattr(rerender, "PARALLEL_BASE", 1)  # the fixture counts as large
    forked = _forked_renders(monkeypatch)
    actor = sorted((project / "facts" / "actors").iterdir())[1]
    _with_record(actor, actor.stem, _retitle)
    commit_all(project, "Revise an actor")
    assert _build(project, jobs=2).reason == ""
    [(paths, _)] = forked
    assert len(paths) < rerender.PARALLEL_FROM
    assert {"index.md", JSON_EXPORT, search.INDEX} <= set(paths)
    assert_same_as_full(project)


def test_a_source_sharing_a_label_letters_every_citation_of_the_other(
    built: Path, tmp_path: Path
) -> None:
    project = _copy(built, tmp_path)
    records = _records(project / "facts")
    # A copy of a source has its publisher and year: both labels gain a letter ("2000a").
    pick = next(i for i, (path, _) in enumerate(records) if path.parent.name == "sources")
    edit(project, "add", pick)
    commit_all(project, "A second source from the same publisher and year")
    assert _build(project).reason == ""
    assert_same_as_full(project)


def test_a_year_split_by_month_or_joined_again_moves_every_link_to_its_records(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(built, tmp_path)
    base, _ = check(project / "facts")
    years = Counter(urls.part_of(urls.listed_date(r)) for r in urls.listed(base)["event"])
    year, most = max((c, y) for y, c in years.items() if y.isdigit())[::-1]
    # The busiest year of the timeline is one record short of a page per month.
    monkeypatch.setattr(urls, "PART_MAX", most)
    records = _records(project / "facts")
    pick = next(
        i
        for i, (_, id) in enumerate(records)
        if base.kind_of(id) == "event" and urls.part_of(urls.listed_date(base.get(id))) == year
    )
    edit(project, "add", pick)
    commit_all(project, "One more event")
    assert _build(project).reason == ""
    assert list((project / "site" / "timeline").glob(f"{year}-??/index.html"))
    assert_same_as_full(project)
    copy = next(i for i, (_, id) in enumerate(_records(project / "facts")) if "-copy-" in id)
    edit(project, "delete", copy)
    commit_all(project, "One event fewer")
    assert _build(project).reason == ""
    assert not list((project / "site" / "timeline").glob(f"{year}-??/index.html"))
    assert_same_as_full(project)


def test_a_link_to_a_missing_anchor_of_a_kept_page_fails_as_in_a_full_build(
    built: Path, tmp_path: Path
) -> None:
    project = _copy(built, tmp_path)
    actor = sorted((project / "facts" / "actors").iterdir())[2].stem
    method = project / "docs" / "method.md"
    # The actor's page is not built again, but MkDocs checks the link against its anchors.
    method.write_text(f"{method.read_text()}\nSee [its roles](actors/{actor}.md#no-such-part).\n")
    with pytest.raises(BuildError, match="does not contain an anchor '#no-such-part'"):
        _build(project)
    with pytest.raises(BuildError, match="does not contain an anchor '#no-such-part'"):
        _build(project, full=True)


# --- The cache is never trusted blindly ------------------------------------------------


def _cache(project: Path) -> Path:
    return incremental.cache_path(project / "site")


def _rewrite_cache(project: Path, change: object) -> None:
    """Change the cache's contents and write it with a valid checksum, as another build would."""
    cache = incremental.load(_cache(project))
    change(cache)  # type: ignore[operator]
    incremental.save(cache, _cache(project))


def test_a_cache_from_another_machine_means_a_full_build(built: Path, tmp_path: Path) -> None:
    project = _copy(built, tmp_path)
    _rewrite_cache(project, lambda c: c.fingerprint.update(platform="Other-OS-1.0"))
    assert _build(project).reason == "platform differs from the last build"
    _rewrite_cache(project, lambda c: c.fingerprint.update({"package mkdocs": "0.1"}))
    assert _build(project).reason == "package mkdocs differs from the last build"


def test_a_truncated_cache_means_a_full_build(built: Path, tmp_path: Path) -> None:
    project = _copy(built, tmp_path)
    data = _cache(project).read_bytes()
    _cache(project).write_bytes(data[: len(data) // 2])
    assert _build(project).reason == "the build cache is damaged (its checksum does not match)"


def test_an_edited_cache_means_a_full_build(built: Path, tmp_path: Path) -> None:
    project = _copy(built, tmp_path)
    data = _cache(project).read_bytes()
    header, _, body = data.partition(b"\n")
    # Claim every page unchanged since: a wrong cache would keep every page as it was.
    _cache(project).write_bytes(header + b"\n" + body.replace(b'"docs":{', b'"docs":{"x":"y",'))
    assert _build(project).reason == "the build cache is damaged (its checksum does not match)"
    _cache(project).write_bytes(b"\x80\x04not json at all")
    assert _build(project).reason == "the build cache is of another format"
    _cache(project).write_bytes(b"")
    assert _build(project).reason == "the build cache is damaged (it is empty)"


def test_a_cache_with_fields_this_code_does_not_know_means_a_full_build(
    built: Path, tmp_path: Path
) -> None:
    project = _copy(built, tmp_path)
    header, _, body = _cache(project).read_bytes().partition(b"\n")
    # As a later version of briefing might write it, with a checksum that matches.
    body = body.replace(b'{"fingerprint":', b'{"later":1,"fingerprint":', 1)
    meta = json.loads(header) | {"sha256": hashlib.sha256(body).hexdigest()}
    _cache(project).write_bytes(json.dumps(meta).encode() + b"\n" + body)
    assert _build(project).reason == "the build cache is of another format"


def test_a_file_where_the_cache_is_kept_stops_the_build_and_keeps_the_site(
    built: Path, tmp_path: Path
) -> None:
    project = _copy(built, tmp_path)
    before = files_in(project / "site")
    shutil.rmtree(_cache(project).parent)
    _cache(project).parent.write_text("not a folder", encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        _build(project)
    assert str(raised.value) == (
        ".site-cache is a file, where the build keeps the build cache: "
        "move or delete it, then build again"
    )
    assert files_in(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == [
        ".site-cache"
    ]


def test_a_site_changed_by_hand_means_a_full_build(built: Path, tmp_path: Path) -> None:
    project = _copy(built, tmp_path)
    page = next((project / "site" / "actors").glob("*/index.html"))
    page.write_text("defaced", encoding="utf-8")
    assert _build(project).reason == "site changed since the last build"


def test_a_kept_page_not_as_stamped_means_a_full_build(built: Path, tmp_path: Path) -> None:
    project = _copy(built, tmp_path)
    # A page edited in place, keeping its size and time, escapes the site's check but
    # not the restamping, which finds no edition where it was stamped.
    page = next((project / "site" / "actors").glob("*/index.html"))
    status, data = page.stat(), page.read_bytes()
    page.write_bytes(data.replace(b"Built from revision", b"Built from REVISION"))
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    commit_all(project, "A new edition")
    done = _build(project)
    assert done.reason == "a kept page does not carry the edition where it was stamped"
    assert_same_as_full(project)


def test_two_builds_at_once_take_turns(built: Path, tmp_path: Path) -> None:
    project = _copy(built, tmp_path)
    actor = sorted((project / "facts" / "actors").iterdir())[0]
    _with_record(actor, actor.stem, _retitle)
    command = [sys.executable, "-m", "briefing", "build"]
    with incremental.lock(project / "docs"):
        first = subprocess.Popen(command, cwd=project, stderr=subprocess.PIPE, text=True)
        second = subprocess.Popen(command, cwd=project, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        # Both wait for the lock this test holds, as for a live preview updating docs/.
        assert first.poll() is None and second.poll() is None
    _, first_err = first.communicate(timeout=300)
    _, second_err = second.communicate(timeout=300)
    assert (first.returncode, second.returncode) == (0, 0)
    assert "waiting for another build in docs to finish" in first_err + second_err
    assert [p.name for p in project.glob(".site-*")] == [".site-cache"]  # no half-built site
    assert_same_as_full(project)


def test_the_cache_records_no_python_objects(built: Path) -> None:
    header, _, body = incremental.cache_path(built / "site").read_bytes().partition(b"\n")
    assert json.loads(header)["format"] == incremental.FORMAT
    assert isinstance(json.loads(body), dict)


@pytest.mark.parametrize("jobs", ["0", "-2", "many"])
def test_jobs_must_be_a_count(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parser().parse_args(["build", "--jobs", jobs])
    assert f"expected a whole number of at least 1, got '{jobs}'" in capsys.readouterr().err


def test_a_docs_file_is_read_again_only_if_changed_since_the_last_hashing(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("A", encoding="utf-8")
    (tmp_path / "b.md").write_text("B", encoding="utf-8")
    first = incremental.docs_hashes(tmp_path)
    # As if the earlier build had hashed them long after their last change, and recorded
    # hashes the files no longer give: a file taken on its stamp keeps the recorded one.
    recorded = {path: f"recorded {path}" for path in first.digests}
    earlier = incremental.Cache({}, None, False, recorded, {})
    earlier.docs_stamps, earlier.docs_hashed_at = first.stamps, first.at + 2 * RACY_NS
    b = tmp_path / "b.md"
    status = b.stat()
    time.sleep(0.05)  # past a tick of the coarse clock some systems take change times from
    b.write_text("C", encoding="utf-8")  # the same size, and the same modification time
    os.utime(b, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert incremental.docs_hashes(tmp_path, earlier).digests == {
        "a.md": "recorded a.md",
        "b.md": incremental.docs_hashes(tmp_path).digests["b.md"],
    }
    assert incremental.docs_hashes(tmp_path, earlier).digests["b.md"] != first.digests["b.md"]
    # Hashed within moments of their last change, they are read again.
    earlier.docs_hashed_at = first.at
    assert incremental.docs_hashes(tmp_path, earlier).digests == first.digests | {
        "b.md": incremental.docs_hashes(tmp_path).digests["b.md"]
    }


def test_a_build_reads_only_the_fact_files_changed_since_the_last_read_them(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _copy(built, tmp_path)
    _build(project)  # the copy's files have stamps of their own
    # As if the last build had read the facts well after their last change.
    _rewrite_cache(project, lambda cache: cache.render.update(read_at=time.time_ns() + RACY_NS))
    actor = sorted((project / "facts" / "actors").iterdir())[1]
    _with_record(actor, actor.stem, _retitle)
    commit_all(project, "Revise an actor")
    facts = (project / "facts").resolve()
    read: list[str] = []
    read_bytes = Path.read_bytes

    def reading(path: Path) -> bytes:
        if path.resolve().is_relative_to(facts):
            read.append(path.name)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", reading)
    assert _build(project).reason == ""
    assert read == [actor.name]
    monkeypatch.undo()
    assert_same_as_full(project)


def test_a_record_naming_a_source_that_becomes_an_actor_no_longer_cites_it(
    built: Path, tmp_path: Path
) -> None:
    project = _copy(built, tmp_path)
    facts = project / "facts"
    # A new source, named in an actor's summary, which cites it there.
    source = sorted((facts / "sources").glob("*.yml"))[0]
    record = _load(source)
    record["id"] = "named-source"
    _dump(facts / "sources" / "named-source.yml", record)
    actor = sorted((facts / "actors").glob("*.yml"))[0]
    _with_record(actor, actor.stem, lambda r: r.update(summary="As [[named-source]] says."))
    commit_all(project, "A source named in a summary")
    assert _build(project).reason == ""
    exported = json.loads((project / "docs" / "data" / "briefing.json").read_text())
    naming = next(r for r in exported["kinds"]["actor"] if r["id"] == actor.stem)
    assert "named-source" in [s["id"] for s in naming["sources_detail"]]
    # The same id becomes an actor's: the summary names it, and cites nothing by it.
    (facts / "sources" / "named-source.yml").unlink()
    # An actor that refers to nothing, so that no other change reaches the summary's actor.
    cited = [_load(source)["id"]]
    named = {"id": "named-source", "name": "A named source", "kind": "alliance", "sources": cited}
    _dump(facts / "actors" / "named-source.yml", named)
    commit_all(project, "The named source is an actor")
    assert _build(project).reason == ""
    exported = json.loads((project / "docs" / "data" / "briefing.json").read_text())
    naming = next(r for r in exported["kinds"]["actor"] if r["id"] == actor.stem)
    assert "named-source" not in [s["id"] for s in naming.get("sources_detail", [])], naming
    assert_same_as_full(project)
