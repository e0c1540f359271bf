"""Reading the JSON that lib.sh's hyperfine_rounds writes: results by
command, and ratios taken both from the medians and within each round (the
commands of a round ran within seconds of each other, so the per-round
ratios move less with the VM's drift)."""
import json
import statistics


def load(path):
    """The results of a hyperfine_rounds file, by command name."""
    return {r["command"]: r for r in json.load(open(path))["results"]}


def ratio(a, b, scale=1.0):
    """a's time over b's (a scaled by `scale`): from the medians, then the
    median and range of the per-round ratios."""
    rounds = [x * scale / y for x, y in zip(a["rounds"], b["rounds"])]
    return "%.2f (per round: median %.2f, range %.2f-%.2f)" % (
        a["median"] * scale / b["median"], statistics.median(rounds), min(rounds), max(rounds))
