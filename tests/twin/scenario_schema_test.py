#!/usr/bin/env python3
"""scenarios/scenario.schema.json and the scenario files agree.

Every scenarios/*.json must validate, and a few broken variants of a real scenario must
not: the schema is what editors and vendors see, so it must neither reject the files the
runner accepts nor wave through mistakes the runner refuses (`chargetwin scenario check`).
Usage: scenario_schema_test.py SCENARIOS_DIR. No network: the schema is read from disk.
"""

import copy
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is missing: run scripts/install-deps.sh", file=sys.stderr)
    sys.exit(2)

SCHEMA_NAME = "scenario.schema.json"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1])
    schema = json.loads((root / SCHEMA_NAME).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    passed = failed = 0

    def report(ok: bool, what: str, detail: str = "") -> None:
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok    {what}")
        else:
            failed += 1
            print(f"FAIL  {what}{': ' + detail if detail else ''}")

    files = sorted(p for p in root.glob("*.json") if p.name != SCHEMA_NAME)
    report(len(files) >= 1, "scenario files found", f"none in {root}")
    scenarios = {}
    for path in files:
        doc = json.loads(path.read_text())
        scenarios[path.stem] = doc
        errors = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
                  for e in validator.iter_errors(doc)]
        report(not errors, f"{path.name} validates", "; ".join(errors[:3]))

    # Broken variants of one real file: each must be refused.
    base = scenarios.get("smoke") or next(iter(scenarios.values()), None)
    if base is None:
        return 1

    def broken(what: str, mutate) -> None:
        doc = copy.deepcopy(base)
        mutate(doc)
        report(not validator.is_valid(doc), f"rejects {what}", "the schema accepted it")

    def set_fault(doc, fault):
        doc["faults"] = [fault]

    def set_pile_type(doc, value):
        doc["topology"] = {"stations": [{"name": "S", "piles": [{"type": value}]}]}

    def set_profile(doc, value):
        doc["demand"] = {"hourlyProfile": value}

    broken("an unknown top-level field", lambda d: d.update(speed=2))
    broken("an unknown fault kind",
           lambda d: set_fault(d, {"kind": "meteor_strike", "at": ["10m"]}))
    broken("pile type \"AD\"", lambda d: set_pile_type(d, "AD"))
    broken("an hourlyProfile of 2 numbers", lambda d: set_profile(d, [1, 2]))
    broken("an unknown expectation (name)", lambda d: d.update(expectations=["all_good"]))
    broken("an unknown expectation (object)",
           lambda d: d.update(expectations=[{"check": "all_good"}]))
    # The parser's other refusals that a schema can express.
    broken("a missing duration", lambda d: d.pop("duration"))
    broken("a duration with a bad unit", lambda d: d.update(duration="10x"))
    broken("a zero duration", lambda d: d.update(duration="0m"))
    broken("a timed fault with neither at nor rate",
           lambda d: set_fault(d, {"kind": "reboot", "share": 0.5}))
    broken("offline without a duration",
           lambda d: set_fault(d, {"kind": "offline", "at": ["5m"]}))
    broken("frame_loss without a probability", lambda d: set_fault(d, {"kind": "frame_loss"}))
    broken("an unknown vehicle preset",
           lambda d: d["population"].update(vehicleMix={"tractor": 1}))
    broken("an id with count > 1", lambda d: d["topology"]["stations"][0].update(
        piles=[{"id": "P-1", "count": 2}]))
    def set_piles(doc, piles):
        doc["topology"] = {"stations": [{"name": "S", "piles": piles}]}

    broken("an unknown protocol", lambda d: set_piles(d, [{"id": "P-1", "protocol": "ocpp2.0.1"}]))
    broken("a ykc1.6 pile code of 13 digits",
           lambda d: set_piles(d, [{"id": "3201020000001", "protocol": "ykc1.6"}]))
    broken("a ykc1.6 pile named like an OCPP one",
           lambda d: set_piles(d, [{"id": "P-1", "protocol": "ykc1.6"}]))
    broken("a ykc1.6 prefix with letters",
           lambda d: set_piles(d, [{"idPrefix": "YKC", "count": 2, "protocol": "ykc1.6"}]))
    broken("a min parameter on the wrong check",
           lambda d: d.update(expectations=[{"check": "settled", "min": 3}]))

    # And variants the parser accepts must stay accepted.
    def accepted(what: str, mutate) -> None:
        doc = copy.deepcopy(base)
        mutate(doc)
        errors = [e.message for e in validator.iter_errors(doc)]
        report(not errors, f"accepts {what}", "; ".join(errors[:3]))

    accepted("a duration in seconds", lambda d: d.update(duration=5400))
    accepted("a fractional duration", lambda d: d.update(duration="1.5h"))
    accepted("a fault with both at and a rate",
             lambda d: set_fault(d, {"kind": "reboot", "at": ["5m"], "ratePerChargerPerDay": 1}))
    accepted("clock_skew alone", lambda d: set_fault(d, {"kind": "clock_skew", "skewMs": -5000}))
    accepted("an hourlyProfile of 24 numbers", lambda d: set_profile(d, [0] * 23 + [1]))
    accepted("ykc1.6 piles by code, by prefix and unnamed", lambda d: set_piles(d, [
        {"id": "32010200000001", "protocol": "ykc1.6"},
        {"idPrefix": "320103", "count": 2, "protocol": "ykc1.6"},
        {"protocol": "ykc1.6", "type": "AC", "connectors": 1},
        {"idPrefix": "OC", "count": 2}]))

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
