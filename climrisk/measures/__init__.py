"""Response measures: their effect on the engine's inputs, and their costs and benefits.

``apply_measures(register, measures)`` returns the register as it would be with the measures
in place; ``appraise(register, grid)`` runs the engine with and without each measure and each
measure set on the same random numbers and returns avoided loss, NPV, benefit-cost ratio,
payback year and residual risk per scenario and horizon.
"""

from climrisk.measures.apply import apply_measures
from climrisk.measures.appraisal import appraise

__all__ = ["apply_measures", "appraise"]
