"""SPIN VIG portal service: the fidelity-audit portal for institutes."""
