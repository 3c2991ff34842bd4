"""Robustness of a run's solutions, beyond R's QCA: the run is redone over a grid of consistency
cut-offs, one more case of frequency cut-off, and calibration anchors moved one at a time, and each
term of each solution is counted in how many of those variants it survives.

This follows the robustness tests of Oana & Schneider (SetMethods, ``rob.inclrange``,
``rob.calibrange``; Oana, Schneider & Thomann 2021, ch. 5): what matters is whether the substance of
a solution holds when choices a researcher could defensibly have made otherwise are moved.

The grid:
* ``incl_cut``: the run's cut-off −0.10, −0.05, +0.05, +0.10 (kept within 0.5–1);
* ``n_cut``: the run's + 1;
* each anchor of each crisp or fuzzy calibrated set, moved by ±10 % of the set's observed raw range
  (fuzzy anchors that would no longer be strictly ordered are skipped); the set's overrides stay.

Everything is taken from the run's snapshot (raw scores, calibrations, overrides, options), so the
result belongs to the run and is stored in it.
"""

from __future__ import annotations

from analysis.qca import QCAError, calibrate, from_columns
from analysis.studies.runs import analyse_data
from analysis.studies.selectors import MEMBERSHIP_DIGITS

INCL_STEPS = (-0.10, -0.05, 0.05, 0.10)
ANCHOR_SHIFT = 0.10
# Above this the grid (dozens of full minimizations) would make a run slow; robustness is skipped.
MAX_CONDITIONS = 10


def _solutions(results):
    return {
        name: [sorted(model["terms"]) for model in minimization["models"]]
        for name, minimization in results.get("minimizations", {}).items()
    }


def _recalibrated(snapshot, label, thresholds):
    """The set's memberships under other thresholds, overrides kept; None when it cannot be done."""
    definition = next(item for item in snapshot["sets"] if item["label"] == label)
    raws = snapshot["raw"][label]
    if any(raw is None or isinstance(raw, str) for raw in raws):
        return None
    try:
        if definition["calibration"] == "crisp":
            values = calibrate([float(raw) for raw in raws], type="crisp", thresholds=list(thresholds))
        else:
            anchors = dict(zip(("e", "c", "i"), thresholds, strict=True))
            values = calibrate([float(raw) for raw in raws], type="fuzzy", thresholds=anchors)
    except QCAError:
        return None
    column = [round(float(value), MEMBERSHIP_DIGITS) for value in values]
    cases = snapshot["cases"]
    for item in snapshot.get("overrides", []):
        if item["set"] == label and item["case"] in cases:
            column[cases.index(item["case"])] = item["value"]
    return column


def _anchor_variants(snapshot):
    for definition in snapshot["sets"]:
        label = definition["label"]
        thresholds = [float(t) for t in definition.get("thresholds") or []]
        if definition["calibration"] not in ("crisp", "fuzzy") or not thresholds:
            continue
        raws = [raw for raw in snapshot["raw"].get(label, []) if isinstance(raw, int | float)]
        spread = (max(raws) - min(raws)) if raws else 0
        if not spread:
            continue
        for index, anchor in enumerate(thresholds):
            for sign in (-1, 1):
                moved = list(thresholds)
                moved[index] = round(anchor + sign * ANCHOR_SHIFT * spread, 10)
                ordered = moved == sorted(moved) or moved == sorted(moved, reverse=True)
                if len(set(moved)) != len(moved) or not ordered:
                    continue
                yield label, index, anchor, moved


def robustness(snapshot, results):
    """The grid's variants and, per solution, each term's survival count."""
    if len(snapshot["conditions"]) > MAX_CONDITIONS:
        return {"skipped": "too_many_conditions", "variants": [], "terms": {}}
    base_options = dict(snapshot["options"])
    variants = []

    def run(kind, detail, columns=None, **changes):
        options = {**base_options, **changes}
        data = from_columns(columns or snapshot["matrix"], cases=snapshot["cases"])
        try:
            found = analyse_data(
                data,
                outcome=snapshot["outcome"],
                conditions=snapshot["conditions"],
                options=options,
                with_necessity=False,
            )
            entry = {"solutions": _solutions(found), "errors": found["errors"]}
        except QCAError as exc:
            entry = {"solutions": {}, "errors": {"truth_table": str(exc)}}
        variants.append({"kind": kind, **detail, **entry})

    base_cut = float(base_options["incl_cut"])
    for step in INCL_STEPS:
        cut = round(base_cut + step, 4)
        if 0.5 <= cut <= 1:
            run("incl_cut", {"from": base_cut, "to": cut}, incl_cut=cut)
    run("n_cut", {"from": base_options["n_cut"], "to": base_options["n_cut"] + 1}, n_cut=base_options["n_cut"] + 1)
    for label, index, anchor, moved in _anchor_variants(snapshot):
        column = _recalibrated(snapshot, label, moved)
        if column is None:
            continue
        columns = {**snapshot["matrix"], label: column}
        detail = {"set": label, "anchor": index, "from": anchor, "to": moved[index]}
        run("anchor", detail, columns=columns)

    base = _solutions(results)
    terms = {}
    unchanged = {}
    for name, models in base.items():
        tried = [v for v in variants if name in v["solutions"]]
        unchanged[name] = sum(v["solutions"][name] == models for v in tried)
        base_terms = list(dict.fromkeys(term for model in models for term in model))
        terms[name] = [
            {
                "term": term,
                "survived": sum(any(term in model for model in v["solutions"][name]) for v in tried),
                "of": len(variants),
            }
            for term in base_terms
        ]
    return {"variants": variants, "terms": terms, "unchanged": unchanged, "total": len(variants)}
