"""run.R without R installed: a hostile study name and reasons stay inside comments and strings."""

from analysis.studies import run_files
from analysis.studies import runs as qca_runs
from tests.analysis.studies.test_study_r_script import make_study

HOSTILE = 's\nsystem("touch /tmp/x")\n#'


def test_a_hostile_study_name_and_reason_cannot_start_a_line_of_r(project, owner):
    study = make_study(
        project, owner, "LC", name=HOSTILE, incl_cut=1, row_outputs={"23": {"out": "1", "reason": HOSTILE}}
    )
    run = qca_runs.run_create(study=study, user=owner)
    script = run_files.r_script(run).decode()
    lines = script.splitlines()
    assert not any(line.lstrip().startswith("system(") for line in lines)
    assert all("system(" not in line or line.lstrip().startswith("#") or '\\"' in line for line in lines)
