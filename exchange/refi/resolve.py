"""Checking a read project's references (DIGEST §8.5, §8.7).

Every dangling reference becomes a Problem and is dropped, never an exception; NVivo's codings to
a case become case membership; users who code without being listed are added. Apart from
reader.py because this is the one pass over the whole project after all elements are read.
"""

from exchange.refi.model import ProjectData, User


def resolve(project: ProjectData, reader):
    """Check every reference; turn NVivo's codings-to-a-case into case membership (DIGEST §8.5)."""
    codes = {code.guid for code, _parent in project.all_codes()}
    cases = {case.guid: case for case in project.cases}
    sources = {source.guid for source in project.sources}
    skipped = {source.guid for source in project.skipped}
    selections = {s.guid: source for source in project.sources for s in source.selections}
    notes = {note.guid for note in project.notes}
    variables = {variable.guid for variable in project.variables}
    users = {user.guid for user in project.users}

    seen = set()
    for guid in [c for c, _p in project.all_codes()] + project.sources + project.cases + project.notes:
        if guid.guid in seen:
            reader.problem("duplicate_guid", getattr(guid, "name", ""), guid=guid.guid)
        seen.add(guid.guid)

    def check_notes(owner_refs, where):
        kept = [ref for ref in owner_refs if ref in notes]
        for ref in owner_refs:
            if ref not in notes:
                reader.problem("dangling_reference", where, target=ref, target_kind="note")
        return kept

    def check_codings(codings, where, *, source, selection=None):
        kept = []
        for coding in codings:
            if coding.code in codes:
                kept.append(coding)
                coding.note_refs = check_notes(coding.note_refs, where)
            elif coding.code in cases:
                case = cases[coding.code]
                if selection is None:
                    case.source_refs.append(source.guid)
                else:
                    case.selection_refs.append(selection.guid)
            else:
                reader.problem("dangling_reference", where, target=coding.code, target_kind="code")
        return kept

    for code, _parent in project.all_codes():
        code.note_refs = check_notes(code.note_refs, code.name)
    for source in project.sources:
        source.codings = check_codings(source.codings, source.name, source=source)
        source.note_refs = check_notes(source.note_refs, source.name)
        for selection in source.selections:
            selection.codings = check_codings(
                selection.codings, source.name, source=source, selection=selection
            )
            selection.note_refs = check_notes(selection.note_refs, source.name)
        source.values = check_values(source.values, variables, source.name, reader)
    for case in project.cases:
        for ref in case.code_refs:
            if ref not in codes:
                reader.problem("dangling_reference", case.name, target=ref, target_kind="code")
        case.code_refs = [ref for ref in case.code_refs if ref in codes]
        kept = []
        for ref in case.source_refs:
            if ref in sources:
                if ref not in kept:
                    kept.append(ref)
            elif ref in skipped:
                continue  # its source was skipped and reported as such
            else:
                reader.problem("dangling_reference", case.name, target=ref, target_kind="source")
        case.source_refs = kept
        for ref in case.selection_refs:
            if ref not in selections:
                reader.problem("dangling_reference", case.name, target=ref, target_kind="selection")
        case.selection_refs = list(dict.fromkeys(ref for ref in case.selection_refs if ref in selections))
        case.values = check_values(case.values, variables, case.name, reader)
    for item in project.sets:
        for attribute, known, kind in (
            ("codes", codes, "code"),
            ("sources", sources, "source"),
            ("notes", notes, "note"),
        ):
            members = getattr(item, attribute)
            for ref in members:
                if ref not in known and ref not in skipped:
                    reader.problem("dangling_reference", item.name, target=ref, target_kind=kind)
            setattr(item, attribute, [ref for ref in members if ref in known])
    project.note_refs = check_notes(project.note_refs, project.name)

    # Users who code but were never listed still own their work (DIGEST §8.7).
    used = {
        guid
        for source in project.sources
        for guid in [source.user]
        + [c.user for c in source.codings]
        + [s.user for s in source.selections]
        + [c.user for s in source.selections for c in s.codings]
        if guid
    }
    for guid in sorted(used - users):
        project.users.append(User(guid=guid))
        reader.problem("user_unlisted", "", guid=guid)


def check_values(values, variables, where, reader):
    kept = []
    for value in values:
        if value.variable in variables:
            kept.append(value)
        else:
            reader.problem("dangling_reference", where, target=value.variable, target_kind="variable")
    return kept
