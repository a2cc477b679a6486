#!/usr/bin/env python3
"""Reads a sample runbook the way the opsbook engine will, for runbooks/test/run-samples.sh.

  extract.py RUNBOOK params                 -> "ENV_NAME<TAB>default" for each parameter with a default
  extract.py RUNBOOK plan PROCEDURE OUTDIR  -> writes each step of the procedure to OUTDIR/<id>.sh and
                                               prints "id kind timeout_s retries approvals rollback file"
  extract.py RUNBOOK step ID OUTDIR         -> the same for one step (used to run rollbacks)
  extract.py RUNBOOK check                  -> consistency checks of the sample (see check()); exit 1 on findings
  extract.py RUNBOOK validate ENV=VALUE...  -> checks values given for parameters against type and pattern,
                                               as the engine does before anything runs; exit 1 if one is bad

A procedure is a heading (matched by title, case-insensitive, or slug) with the executable blocks up
to the next heading of the same or a higher level; an executable block is a fence whose info string
carries {attributes}. This is a deliberately small reader for the samples, not the product parser.
"""
import os
import re
import shlex
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("extract.py needs PyYAML: apt-get install python3-yaml (or pip install pyyaml)")

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
DURATION = re.compile(r"^(?:\d+(?:ms|s|m|h|d|w))+$")
UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
RUNNER_VARS = {"OPSBOOK_RUN_ID", "OPSBOOK_STEP_ID", "OPSBOOK_RUNBOOK_ID", "OPSBOOK_SERVICE",
               "OPSBOOK_WORKDIR", "OPSBOOK_RUNBOOK_DIR", "OPSBOOK_ARTIFACTS", "OPSBOOK_DRY_RUN", "OPSBOOK_SANDBOX",
               "OPSBOOK_DRILL_ID", "OPSBOOK_BACKUP_ID", "OPSBOOK_BACKUP_LOCATION", "OPSBOOK_BACKUP_SHA256",
               "HOME", "PATH", "USER", "PWD", "TMPDIR", "HOSTNAME", "LANG"}


def seconds(text):
    if not DURATION.match(str(text)):
        raise ValueError(f"bad duration {text!r}")
    return sum(int(n) * UNITS[u] for n, u in re.findall(r"(\d+)(ms|s|m|h|d|w)", text))


def slug(title):
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def parse(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    front, body_start = {}, 0
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        front = yaml.safe_load("\n".join(lines[1:end])) or {}
        body_start = end + 1
    steps, headings, fence = [], [], None
    for no in range(body_start, len(lines)):
        line = lines[no]
        if fence:
            m = FENCE.match(line)
            if m and m.group(1)[0] == fence["char"] and len(m.group(1)) >= fence["len"] and not m.group(2).strip():
                if fence["attrs"] is not None:
                    steps.append(dict(fence["attrs"], code="\n".join(fence["code"]) + "\n", line=fence["line"],
                                      heading=len(headings) - 1))
                fence = None
            else:
                fence["code"].append(line)
            continue
        m = FENCE.match(line)
        if m:
            info = m.group(2).strip()
            attrs = None
            if "{" in info and info.endswith("}"):
                attrs = {"language": info[:info.index("{")].strip()}
                for token in shlex.split(info[info.index("{") + 1:-1]):
                    if token.startswith("#"):
                        attrs["id"] = token[1:]
                    elif "=" in token:
                        key, value = token.split("=", 1)
                        attrs[key] = value
            fence = {"char": m.group(1)[0], "len": len(m.group(1)), "attrs": attrs, "code": [], "line": no + 1}
            continue
        m = HEADING.match(line)
        if m:
            headings.append((len(m.group(1)), m.group(2)))
    return front, headings, steps


def procedure_steps(headings, steps, name):
    for index, (level, title) in enumerate(headings):
        if title.lower() == name.lower() or slug(title) == name:
            end = next((j for j in range(index + 1, len(headings)) if headings[j][0] <= level), len(headings))
            return [s for s in steps if index <= s["heading"] < end]
    sys.exit(f"no procedure named {name!r}; headings: {[t for _, t in headings]}")


def emit(steps, outdir):
    os.makedirs(outdir, exist_ok=True)
    for s in steps:
        file = os.path.join(outdir, s["id"] + ".sh")
        with open(file, "w", encoding="utf-8") as out:
            out.write(s["code"])
        print("\t".join([s["id"], s.get("kind", "shell"), str(int(seconds(s.get("timeout", "10m")))),
                         s.get("retries", "0"), s.get("approvals", "0"), s.get("rollback", "-"), file]))


def env_name(name):
    return name.upper().replace("-", "_")


def strip_quoted(code):
    """Keeps only text the shell expands: drops single-quoted strings (also inside $(...) within
    double quotes), comments and quoted-delimiter heredoc bodies; a ' inside "..." is literal."""
    code = re.sub(r"<<-?\s*'(\w+)'[^\n]*\n.*?\n\s*\1\n", "\n", code, flags=re.S)
    out, stack, i = [], ["code"], 0  # stack of contexts: "code" (with a paren depth) or "dq"
    depth = [0]
    while i < len(code):
        c, top = code[i], stack[-1]
        if c == "\\":
            out.append(code[i:i + 2])
            i += 2
            continue
        if top == "dq":
            if c == '"':
                stack.pop()
            elif code.startswith("$(", i):
                stack.append("code")
                depth.append(1)
                out.append("$(")
                i += 2
                continue
            out.append(c)
        elif c == "'":
            close = code.find("'", i + 1)
            i = len(code) if close < 0 else close + 1
            out.append("''")
            continue
        elif c == "#" and (i == 0 or code[i - 1] in " \t\n;"):
            close = code.find("\n", i)
            i = len(code) if close < 0 else close
            continue
        else:
            if c == '"':
                stack.append("dq")
            elif c == "(":
                depth[-1] += 1
            elif c == ")":
                depth[-1] -= 1
                if depth[-1] == 0 and len(stack) > 1:
                    stack.pop()
                    depth.pop()
            out.append(c)
        i += 1
    return "".join(out)


def check(path, front, headings, steps):
    findings = []
    params = front.get("parameters") or []
    declared = {env_name(p["name"]) for p in params} | set(front.get("secrets") or []) | RUNNER_VARS
    ids = [s.get("id") for s in steps]
    for s in steps:
        where = f"{path}:{s['line']}: step {s.get('id')}"
        if not s.get("id"):
            findings.append(f"{path}:{s['line']}: executable block without an id")
        if ids.count(s.get("id")) > 1:
            findings.append(f"{where}: duplicate id")
        if s.get("kind") in ("restore", "failover") and int(s.get("approvals", "0")) < 1:
            findings.append(f"{where}: {s['kind']} step without approvals")
        for ref in [s.get("rollback")] + (s.get("requires", "").split(",") if s.get("requires") else []):
            if ref and ref not in ids:
                findings.append(f"{where}: refers to unknown step {ref}")
        if "timeout" not in s:
            findings.append(f"{where}: no timeout")
        code = strip_quoted(s["code"])
        assigned = set(re.findall(r"(?:^|[\s;(])(?:local |export |readonly )?([A-Za-z_]\w*)=", code))
        assigned |= set(re.findall(r"\bfor\s+([A-Za-z_]\w*)\s+in\b", code))
        assigned |= set(re.findall(r"\b(?:mapfile|readarray)\s+(?:-\w+\s+)*([A-Za-z_]\w*)", code))
        for names in re.findall(r"\bread\s+(?:-[a-z]+\s+(?:''\s+)?)*([A-Za-z_][\w ]*)", code):
            assigned |= set(names.split())
        for var in sorted(set(re.findall(r"\$\{?([A-Za-z_]\w*)", code)) - declared - assigned):
            findings.append(f"{where}: ${var} is not a parameter, secret, runner variable or assigned in the step")
    rpo = seconds(front["rpo"]) if front.get("rpo") else None
    for ds in front.get("data_sources") or []:
        if not ds.get("retention") or not (ds.get("encryption") or {}).get("at_rest"):
            findings.append(f"{path}: data source {ds.get('name')} must state retention and encryption")
        if rpo is not None and ds.get("backup") and seconds(ds["backup"]) > rpo:
            findings.append(f"{path}: rpo {front['rpo']} is shorter than {ds['name']}'s backup frequency {ds['backup']}")
    repo = os.path.dirname(os.path.dirname(os.path.abspath(path)))
    for link in front.get("links") or []:
        if link.get("path") and not os.path.isfile(os.path.join(repo, link["path"])):
            findings.append(f"{path}: link {link['path']} does not exist")
    targets = {slug(t) for _, t in headings} | set(ids)
    for sched in front.get("schedules") or []:
        if sched.get("run") not in targets:
            findings.append(f"{path}: schedule runs unknown section or step {sched.get('run')}")
    for key in ("id", "title", "service", "owners", "rto", "rpo", "impact", "tier"):
        if key not in front:
            findings.append(f"{path}: front matter lacks {key}")
    print("\n".join(findings) if findings else f"{path}: ok ({len(steps)} steps)")
    return 1 if findings else 0


def validate(front, assignments):
    """Type and pattern of each value given for a declared parameter (others are runner variables)."""
    problems = []
    for p in front.get("parameters") or []:
        prefix = env_name(p["name"]) + "="
        for value in [a[len(prefix):] for a in assignments if a.startswith(prefix)]:
            kind = p.get("type", "string")
            if kind == "int" and not re.fullmatch(r"-?\d+", value):
                problems.append(f"{p['name']}={value!r}: not an int")
            elif kind == "bool" and value not in ("true", "false"):
                problems.append(f"{p['name']}={value!r}: not true or false")
            elif kind == "enum" and value not in [str(v) for v in p.get("values") or []]:
                problems.append(f"{p['name']}={value!r}: not one of {p.get('values')}")
            elif kind == "duration" and not DURATION.match(value):
                problems.append(f"{p['name']}={value!r}: not a duration")
            elif p.get("pattern") and not re.search(p["pattern"], value):
                problems.append(f"{p['name']}={value!r}: does not match {p['pattern']}")
    print("\n".join(problems), file=sys.stderr) if problems else None
    return 1 if problems else 0


def main(argv):
    path, command = argv[1], argv[2]
    front, headings, steps = parse(path)
    if command == "params":
        for p in front.get("parameters") or []:
            if p.get("default") is not None:
                print(f"{env_name(p['name'])}\t{p['default']}")
    elif command == "plan":
        emit(procedure_steps(headings, steps, argv[3]), argv[4])
    elif command == "step":
        emit([s for s in steps if s.get("id") == argv[3]], argv[4])
    elif command == "check":
        return check(path, front, headings, steps)
    elif command == "validate":
        return validate(front, argv[3:])
    else:
        sys.exit(f"unknown command {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
