"""Fuzz cases for `gongkai check`: mutations of real content plus the hostile classes of issue 11.

A case is a pure function of ``(seed, index)``: :func:`case` picks a base (one example
disclosure of ``content/`` with its ``site.yml``, or the minimal test fixture) and either mutates
its YAML text (random edits) or applies one named hostile class. :meth:`Case.write` lays it out
as a content directory.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"

NUMBER = re.compile(r"(?<![\w.])-?[0-9]+(\.[0-9]+)?(?![\w.])")
KEY = re.compile(r"^(\s*-?\s*)([^\s:#\-][^:#]*?):(\s|$)", re.M)
# A mutated file stays below this (a little over gongkai's 4 MB limit, so the limit is still tried).
MAX_CASE_CHARS = 6_000_000
INTERESTING_NUMBERS = [
    "１２３.００",
    "1０.00",
    "¹²",
    "٣٫٥",
    "²",
    "三",
    "-0",
    "0",
    "1e5",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x1F",
    "1_000",
    ".5",
    "5.",
    "-",
    "+5",
    "=1+1",
    "@SUM(A1)",
    '"12.00"',
    "'-12.50'",
    "~",
    '""',
    "12,345.00",
    "12%",
    "9" * 27 + ".99",
    "9" * 29,
    "9" * 31,
    "9" * 300,
    "1" * 5000,
    "0." + "0" * 40 + "1",
    "-" + "9" * 28,
    "99999999999999999999.99",
    "1e999999",
    "2" * 4301,
]
INTERESTING_CHARS = list(":-[]{},&*!|>'\"#%@`\t\n\r\\ ?") + [
    "\0",
    "\x07",
    "\x1b",
    "\ufeff",
    "\u2028",
    "\u0085",
    "１",
    "²",
    "😀",
    "\ud7ff",
    "：",
    "，",
]
INTERESTING_VALUES = [
    "[1, 2]",
    "{a: 1}",
    "[]",
    "{}",
    "~",
    '""',
    "&a x",
    "*a",
    "!!python/object:os.system ls",
    "!!binary aGk=",
    "? a",
    "|",
    ">-",
    "'",
    '"',
    "[",
    "{",
    "- x",
    "2025-02-30",
    "2025-13-01",
    "true",
    "yes",
    "no",
    "null",
    "<<: *a",
    "!!str 1",
    "!foo bar",
    "%YAML 1.1",
    "---",
    "...",
]


@dataclass
class Case:
    """A content directory to write: files (text or bytes), plus symlinks and FIFOs."""

    name: str  # the class: "mutation", "deep_nesting", …
    files: dict[str, str | bytes] = field(default_factory=dict)
    symlinks: dict[str, str] = field(default_factory=dict)  # path → target
    fifos: list[str] = field(default_factory=list)
    isolate: bool = False  # run in a subprocess (a crash there is counted, not fatal)

    def write(self, root: Path) -> None:
        for name, data in self.files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8", errors="surrogatepass")
        for name, target in self.symlinks.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() or path.is_symlink():
                path.unlink()
            path.symlink_to(target)
        for name in self.fifos:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists():
                path.unlink()
            os.mkfifo(path)


def _read_tree(folder: Path, prefix: str) -> dict[str, str | bytes]:
    return {
        f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.yml"))
    }


def bases() -> list[dict[str, str | bytes]]:
    """Each example disclosure alone (with the site file and any site layouts), and the minimal fixture."""
    site = (CONTENT / "site.yml").read_text(encoding="utf-8")
    shared: dict[str, str | bytes] = {"site.yml": site}
    if (CONTENT / "layouts").is_dir():
        shared.update(_read_tree(CONTENT / "layouts", "layouts"))
    found = []
    for disclosure in sorted(CONTENT.glob("*/*/disclosure.yml")):
        folder = disclosure.parent
        found.append({**shared, **_read_tree(folder, f"{folder.parent.name}/{folder.name}")})
    found.append(_read_tree(MINIMAL, ".") | {"site.yml": (MINIMAL / "site.yml").read_text(encoding="utf-8")})
    return [{k.removeprefix("./"): v for k, v in base.items()} for base in found]


# ----- random edits of one YAML text --------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _delete_line(r: random.Random, text: str) -> str:
    lines = _lines(text)
    del lines[r.randrange(len(lines))]
    return "\n".join(lines)


def _duplicate_line(r: random.Random, text: str) -> str:
    lines = _lines(text)
    i = r.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def _swap_lines(r: random.Random, text: str) -> str:
    lines = _lines(text)
    i, j = r.randrange(len(lines)), r.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _insert_chars(r: random.Random, text: str) -> str:
    at = r.randrange(len(text) + 1)
    return text[:at] + "".join(r.choice(INTERESTING_CHARS) for _ in range(r.randint(1, 3))) + text[at:]


def _replace_number(r: random.Random, text: str) -> str:
    matches = list(NUMBER.finditer(text))
    if not matches:
        return _insert_chars(r, text)
    m = r.choice(matches)
    return text[: m.start()] + r.choice(INTERESTING_NUMBERS) + text[m.end() :]


def _replace_all_numbers(r: random.Random, text: str) -> str:
    value = r.choice(["9" * 29, "9" * 27 + ".99", "1" * 30, "0.0000000001"])
    return NUMBER.sub(value, text)


def _replace_key(r: random.Random, text: str) -> str:
    keys = list(KEY.finditer(text))
    if not keys:
        return _delete_line(r, text)
    m = r.choice(keys)
    other = r.choice(keys).group(2)
    new = r.choice([other, other[::-1], other + "x", "", "<<", "? x", "k" * r.choice([200, 1100])])
    return text[: m.start(2)] + new + text[m.end(2) :]


def _replace_value(r: random.Random, text: str) -> str:
    keys = list(KEY.finditer(text))
    if not keys:
        return _insert_chars(r, text)
    m = r.choice(keys)
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    return text[: m.end()] + " " + r.choice(INTERESTING_VALUES) + text[end:]


def _indent(r: random.Random, text: str) -> str:
    lines = _lines(text)
    i = r.randrange(len(lines))
    lines[i] = r.choice(
        ["  " + lines[i], lines[i][2:] if lines[i].startswith("  ") else lines[i] + ":", "\t" + lines[i]]
    )
    return "\n".join(lines)


def _truncate(r: random.Random, text: str) -> str:
    return text[: r.randrange(len(text) + 1)]


def _long_word(r: random.Random, text: str) -> str:
    words = list(re.finditer(r"[\u4e00-\u9fff]{2,}", text))
    if not words:
        return _insert_chars(r, text)
    m = r.choice(words)
    times = min(r.choice([1000, 20000]), MAX_CASE_CHARS // len(m.group()))  # a long word grows no further
    return text[: m.start()] + m.group() * times + text[m.end() :]


def _anchor_alias(r: random.Random, text: str) -> str:
    keys = list(KEY.finditer(text))
    if len(keys) < 2:
        return text
    a, b = sorted(r.sample(keys, 2), key=lambda m: m.start())
    text = text[: b.end()] + " *x" + text[text.find("\n", b.end()) if "\n" in text[b.end() :] else len(text) :]
    return text[: a.end()] + " &x" + text[a.end() :]


EDITS: list[Callable[[random.Random, str], str]] = [
    _delete_line,
    _duplicate_line,
    _swap_lines,
    _insert_chars,
    _replace_number,
    _replace_number,
    _replace_number,
    _replace_all_numbers,
    _replace_key,
    _replace_value,
    _indent,
    _truncate,
    _long_word,
    _anchor_alias,
]


def mutation(r: random.Random, base: dict[str, str | bytes]) -> Case:
    files = dict(base)
    for _ in range(r.choice([1, 1, 1, 2, 3, 5])):
        name = r.choice([n for n in files if n != "site.yml"] + ["site.yml"] * 1)
        text = files[name]
        assert isinstance(text, str)
        if not text:
            continue
        edited = r.choice(EDITS)(r, text)
        if len(edited) <= MAX_CASE_CHARS:  # repeated long-word edits could grow without bound
            files[name] = edited
    if r.random() < 0.03:  # invalid UTF-8
        name = r.choice(list(files))
        data = str(files[name]).encode("utf-8", "surrogatepass")
        at = r.randrange(len(data) + 1)
        files[name] = data[:at] + bytes([r.randrange(128, 256)]) + data[at:]
    return Case("mutation", files)


# ----- the named classes ----------------------------------------------------------------------


def _disclosure_of(base: dict[str, str | bytes]) -> str:
    return next(n for n in base if n.endswith("/disclosure.yml") and n.count("/") == 2)


def _append(base: dict[str, str | bytes], name: str, extra: str) -> dict[str, str | bytes]:
    return {**base, name: str(base[name]) + "\n" + extra + "\n"}


def deep_nesting(r: random.Random, base: dict[str, str | bytes]) -> Case:
    n = r.choice([70, 500, 5_000, 50_000, 200_000])
    isolate = n >= 5_000  # where PyYAML's C composer used to overflow the stack
    kind = r.choice(["[]", "{}", "block", "mixed"])
    if kind == "[]":
        extra = "deep: " + "[" * n + "]" * n
    elif kind == "{}":
        extra = "deep: " + "{a: " * n + "1" + "}" * n
    elif kind == "mixed":
        extra = "deep: " + "[{a: " * (n // 2) + "x" + "}]" * (n // 2)
    else:
        n = min(n, 3000)
        extra = "deep:" + "".join(f"\n{' ' * (i + 1)}k:" for i in range(n)) + " x"
    return Case("deep_nesting", _append(base, _disclosure_of(base), extra), isolate=isolate)


def self_alias(r: random.Random, base: dict[str, str | bytes]) -> Case:
    extra = r.choice(["loop: &a [1, *a]", "loop: &a {x: *a}", "loop: &a\n  - *a", "<<: &a {<<: *a}"])
    return Case("self_alias", _append(base, _disclosure_of(base), extra))


def billion_laughs(r: random.Random, base: dict[str, str | bytes]) -> Case:
    width, depth = r.choice([(9, 9), (10, 12), (2, 40), (100, 3)])
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, depth)]
    return Case("billion_laughs", _append(base, _disclosure_of(base), "\n".join(lines)), isolate=True)


def long_number(r: random.Random, base: dict[str, str | bytes]) -> Case:
    name = _disclosure_of(base)
    text = str(base[name])
    digits = "".join(r.choice("0123456789") for _ in range(r.choice([31, 100, 4300, 5000, 100_000])))
    where = r.choice(["figure", "year", "code"])
    if where == "year":
        text = re.sub(r"^year: .*$", f"year: {digits}", text, count=1, flags=re.M)
    elif where == "code":
        text = re.sub(r'code: "?[0-9]+"?', f'code: "{digits}"', text, count=1)
    else:
        matches = list(NUMBER.finditer(text))
        m = r.choice(matches)
        text = text[: m.start()] + digits + text[m.end() :]
    return Case("long_number", {**base, name: text})


def huge_sums(r: random.Random, base: dict[str, str | bytes]) -> Case:
    name = _disclosure_of(base)
    text = str(base[name])
    value = r.choice(["9" * 28 + ".99", "9" * 30, "0." + "0" * 29 + "1", "-" + "9" * 29])
    text = NUMBER.sub(lambda m: value if r.random() < 0.7 else m.group(), text)
    return Case("huge_sums", {**base, name: text})


def unicode_digits(r: random.Random, base: dict[str, str | bytes]) -> Case:
    name = _disclosure_of(base)
    text = str(base[name])
    table = r.choice(
        [
            str.maketrans("0123456789", "０１２３４５６７８９"),
            str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"),
            str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
            str.maketrans("0123456789", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"),
        ]
    )
    matches = list(NUMBER.finditer(text))
    for m in r.sample(matches, min(len(matches), r.randint(1, 5))):
        text = text[: m.start()] + m.group().translate(table) + text[m.end() :]
    return Case("unicode_digits", {**base, name: text})


def nul_byte(r: random.Random, base: dict[str, str | bytes]) -> Case:
    name = r.choice([n for n in base])
    text = str(base[name])
    at = r.randrange(len(text) + 1)
    bad = r.choice(["\0", "\0\0\0", "\x01", "\x7f", "\ud800"])
    return Case("nul_byte", {**base, name: text[:at] + bad + text[at:]})


def long_names(r: random.Random, base: dict[str, str | bytes]) -> Case:
    name = _disclosure_of(base)
    text = str(base[name])
    long = r.choice(["司法" * 100_000, "x" * 1_000_000, "a" * 1023, "b" * 1025])
    field_ = r.choice(["title", "name", "part", "section", "key", "slug"])
    if field_ == "key":
        text += f"\n{long[: r.choice([1000, 1024, 2000])]}: 1\n"
    elif field_ == "slug":
        year, slug, _ = name.split("/")
        longer = "z" * r.choice([200, 250])
        moved = {k.replace(f"{year}/{slug}/", f"{year}/{longer}/"): v for k, v in base.items()}
        return Case("long_names", moved)
    else:
        text = re.sub(rf"^(\s*-?\s*{field_}): .*$", lambda m: f"{m.group(1)}: {long}", text, count=1, flags=re.M)
    return Case("long_names", {**base, name: text})


def include_tricks(r: random.Random, base: dict[str, str | bytes]) -> Case:
    name = _disclosure_of(base)
    folder = name.rsplit("/", 1)[0]
    text = str(base[name])
    trick = r.choice(
        ["self_link", "chain", "absolute", "dotdot", "outside_link", "self_include", "dir", "mutual", "dev", "empty"]
    )
    case = Case("include_tricks")
    target = "parts/x.yml"
    if trick == "self_link":
        case.symlinks[f"{folder}/parts/x.yml"] = "x.yml"
    elif trick == "chain":
        n = r.choice([5, 9, 50, 300])
        for i in range(n):
            case.files[f"{folder}/parts/c{i}.yml"] = f"include: parts/c{i + 1}.yml\n"
        case.files[f"{folder}/parts/c{n}.yml"] = "text: 结束\n"
        target = "parts/c0.yml"
        if r.random() < 0.5:  # a chain of symlinks instead
            for i in range(n):
                case.symlinks[f"{folder}/parts/s{i}.yml"] = f"s{i + 1}.yml"
            case.files[f"{folder}/parts/s{n}.yml"] = "text: 结束\n"
            target = "parts/s0.yml"
    elif trick == "absolute":
        target = r.choice(["/etc/passwd", "/dev/zero", "/proc/self/environ", "//x"])
    elif trick == "dotdot":
        target = r.choice(["../../site.yml", "../other/disclosure.yml", "parts/../../../x.yml", ".."])
    elif trick == "outside_link":
        case.symlinks[f"{folder}/parts/x.yml"] = r.choice(["/etc/hostname", "/dev/zero", "../../../site.yml", "/"])
    elif trick == "self_include":
        case.files[f"{folder}/parts/x.yml"] = "include: parts/x.yml\n"
    elif trick == "mutual":
        case.files[f"{folder}/parts/x.yml"] = "- include: parts/y.yml\n"
        case.files[f"{folder}/parts/y.yml"] = "- include: parts/x.yml\n"
    elif trick == "dir":
        case.files[f"{folder}/parts/x.yml/inner.yml"] = "text: x\n"
    elif trick == "dev":
        case.fifos.append(f"{folder}/parts/x.yml")
    else:
        target = r.choice(['""', "~", "[a]", "{a: b}", '"\\0"', "x" * 5000])
    line = re.search(r"^(\s*)- (table|section|text):", text, flags=re.M)
    if line:
        text = text[: line.start()] + f"{line.group(1)}- include: {target}\n" + text[line.start() :]
    else:
        text += f"\ncontents:\n  - include: {target}\n"
    case.files = {**base, name: text, **case.files}
    return case


def special_files(r: random.Random, base: dict[str, str | bytes]) -> Case:
    name = _disclosure_of(base)
    which = r.choice([name, "site.yml"])
    kind = r.choice(["fifo", "self_link", "dangling", "device", "dir", "outside"])
    files = dict(base)
    del files[which]
    case = Case("special_files", files)
    if kind == "fifo":
        case.fifos.append(which)
    elif kind == "self_link":
        case.symlinks[which] = which.rsplit("/", 1)[-1]
    elif kind == "dangling":
        case.symlinks[which] = "nowhere.yml"
    elif kind == "device":
        case.symlinks[which] = r.choice(["/dev/zero", "/dev/urandom", "/dev/null"])
    elif kind == "dir":
        case.files[f"{which}/inner.yml"] = "x: 1\n"
    else:
        case.symlinks[which] = "/etc/hostname"
    if r.random() < 0.3:  # a looping year folder too
        case.symlinks["2099"] = "2099"
    return case


def site_layouts(r: random.Random, base: dict[str, str | bytes]) -> Case:
    """A site's own table layouts (content/layouts/): a shipped kinds file, copied and mutated."""
    shipped = sorted((ROOT / "generator" / "layouts" / "kinds").glob("*.yml"))
    source = r.choice(shipped)
    text = source.read_text(encoding="utf-8")
    for _ in range(r.choice([1, 1, 2, 3])):
        text = r.choice(EDITS)(r, text)
    return Case("site_layouts", {**base, f"layouts/{source.name}": text})


NAMED: list[Callable[[random.Random, dict[str, str | bytes]], Case]] = [
    deep_nesting,
    self_alias,
    billion_laughs,
    long_number,
    huge_sums,
    unicode_digits,
    nul_byte,
    long_names,
    include_tricks,
    special_files,
    site_layouts,
]


def case(seed: int, index: int, all_bases: list[dict[str, str | bytes]]) -> Case:
    """The ``index``-th case of run ``seed``: about one in five from the named classes."""
    r = random.Random(seed * 1_000_003 + index)
    # the small disclosures more often: they check fastest
    weights = [1 if len(str(b.get(_disclosure_of(b), ""))) > 30_000 else 3 for b in all_bases]
    base = r.choices(all_bases, weights)[0]
    if r.random() < 0.2:
        return r.choice(NAMED)(r, base)
    return mutation(r, base)


def write_case(c: Case, root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    c.write(root)
