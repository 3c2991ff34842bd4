"""QCA as R's QCA package (Dusa) computes it, number for number, in pure Python (no Django).

The public API, one function per R function::

    data = read_csv("lipset.csv")                       # cases by columns
    calibrate(x, type="fuzzy", thresholds={"e": 350, "c": 550, "i": 900})
    necessity(data, "SURV", ["DEV", "~DEV", "LIT*STB"])  # pof(..., relation = "necessity")
    sufficiency(data, "SURV", "DEV*~IND + URB*STB")      # pof(..., relation = "sufficiency")
    super_subset(data, "SURV", incl_cut=0.9)
    tt = truth_table(data, "SURV", incl_cut=[0.8])
    minimize_truth_table(tt, include="?", dir_exp="DEV, URB")

``minimize_truth_table`` is R's ``minimize()``; it is not called ``minimize`` because that is the
name of the minimizer submodule, and ``import analysis.qca.minimize as m`` would then find the
function instead of the module. Results are plain dataclasses with ``to_json()`` giving the shape
of the shared R fixtures. Bad input raises ``QCAError`` with one of the messages in ``errors``.
"""

from .calibrate import calibrate, parse_thresholds
from .data import Dataset, from_columns, read_csv
from .errors import QCAError
from .fit import FitRow, necessity, pof, sufficiency, super_subset
from .solve import Minimization
from .solve import minimize as minimize_truth_table
from .truthtable import TruthTable, TruthTableRow, truth_table

__all__ = [
    "Dataset",
    "FitRow",
    "Minimization",
    "QCAError",
    "TruthTable",
    "TruthTableRow",
    "calibrate",
    "from_columns",
    "minimize_truth_table",
    "necessity",
    "parse_thresholds",
    "pof",
    "read_csv",
    "sufficiency",
    "super_subset",
    "truth_table",
]
