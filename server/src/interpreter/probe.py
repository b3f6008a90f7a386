# airflow-venv-lint interpreter probe. Run as `python -c <this file's text>`: prints one JSON
# object describing the interpreter. Written in Python 2/3-compatible syntax so that a Python 2
# interpreter can still say what it is instead of failing with a SyntaxError.
import json
import os
import sys

PROBE_VERSION = 1


def main():
    info = {
        "probe": PROBE_VERSION,
        "executable": sys.executable,
        "version": "%d.%d.%d" % tuple(sys.version_info[:3]),
        "versionInfo": list(sys.version_info[:3]),
        "implementation": getattr(getattr(sys, "implementation", None), "name", "cpython"),
    }
    if sys.version_info[0] < 3:
        info["python2"] = True
        sys.stdout.write(json.dumps(info))
        return
    import importlib.util

    base_prefix = getattr(sys, "base_prefix", sys.prefix)
    info["prefix"] = sys.prefix
    info["basePrefix"] = base_prefix
    info["inVirtualenv"] = sys.prefix != base_prefix or hasattr(sys, "real_prefix")
    info["venv"] = importlib.util.find_spec("venv") is not None
    info["ensurepip"] = importlib.util.find_spec("ensurepip") is not None
    info["virtualenv"] = importlib.util.find_spec("virtualenv") is not None
    info["stdlib"] = sorted(getattr(sys, "stdlib_module_names", []))
    try:
        import site

        info["sitePackages"] = [p for p in site.getsitepackages() if os.path.isdir(p)]
    except Exception:  # some virtualenv versions lack site.getsitepackages
        info["sitePackages"] = [p for p in sys.path if p.endswith("-packages") and os.path.isdir(p)]
    info["distributions"] = distributions()
    sys.stdout.write(json.dumps(info))


def distributions():
    try:
        from importlib import metadata
    except ImportError:  # Python < 3.8
        return []
    found = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or name in found:
            continue
        found[name] = {"name": name, "version": dist.version, "modules": sorted(top_level_modules(dist))}
    return sorted(found.values(), key=lambda item: item["name"].lower())


def top_level_modules(dist):
    """top_level.txt when present, else the first path parts of RECORD (files)."""
    text = dist.read_text("top_level.txt")
    if text:
        return set(line.strip() for line in text.splitlines() if line.strip())
    modules = set()
    for path in dist.files or []:
        parts = str(path).replace("\\", "/").split("/")
        first = parts[0]
        if first.endswith((".dist-info", ".egg-info", ".data")) or first in ("..", "__pycache__", "bin", "Scripts"):
            continue
        if len(parts) == 1:
            if first.endswith(".py"):
                modules.add(first[:-3])
            elif first.endswith((".so", ".pyd")):
                modules.add(first.split(".")[0])
        else:
            modules.add(first)
    return modules


main()
