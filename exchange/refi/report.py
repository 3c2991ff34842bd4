"""What an import will create and what it leaves out, as plain data (the services add messages).

`counts` is what will be created; `skipped` lists what will not come in, each with a reason code;
`warnings` lists what comes in changed (a clamped selection, a recovered XML file, …).
"""

from collections import Counter

from exchange.refi.model import CodebookData, ProjectData

# Problem kinds that mean something is left out, and the item it concerns.
SKIPPING = {
    "selection_unplaceable": "selection",
    "dangling_reference": "reference",
    "coding_without_code": "coding",
    "area_selections_skipped": "selection",
    "unknown_element": "element",
    "bad_value": "value",
    "bad_colour": "colour",
}


def project_summary(project: ProjectData) -> dict:
    codings = sum(len(s.codings) for source in project.sources for s in source.selections)
    codings += sum(len(source.codings) for source in project.sources)
    skipped = [
        {"item": "source", "kind": s.kind, "name": s.name, "reason": s.reason, "detail": {}}
        for s in project.skipped
    ]
    warnings = []
    for problem in project.problems:
        entry = {"reason": problem.kind, "name": problem.where, "detail": dict(problem.detail)}
        if problem.kind in SKIPPING:
            skipped.append({"item": SKIPPING[problem.kind], "kind": "", **entry})
        else:
            warnings.append(entry)
    return {
        "name": project.name,
        "origin": project.origin,
        "counts": {
            "sources": len(project.sources),
            "codes": sum(1 for _ in project.all_codes()),
            "codings": codings,
            "selections": sum(len(source.selections) for source in project.sources),
            "notes": len(project.notes),
            "cases": len(project.cases),
            "variables": len(project.variables),
            "users": len(project.users),
            "sets": len(project.sets),
        },
        "skipped_counts": dict(Counter(entry["item"] for entry in skipped)),
        "position_models": dict(
            Counter(source.position_model for source in project.sources if source.selections)
        ),
        "skipped": skipped,
        "warnings": warnings,
    }


def codebook_summary(codebook: CodebookData) -> dict:
    return {
        "origin": codebook.origin,
        "counts": {"codes": sum(1 for _ in codebook.all_codes()), "sets": len(codebook.sets)},
        "skipped": [
            {
                "item": SKIPPING.get(p.kind, "element"),
                "reason": p.kind,
                "name": p.where,
                "detail": dict(p.detail),
            }
            for p in codebook.problems
            if p.kind in SKIPPING
        ],
        "warnings": [
            {"reason": p.kind, "name": p.where, "detail": dict(p.detail)}
            for p in codebook.problems
            if p.kind not in SKIPPING
        ],
    }
