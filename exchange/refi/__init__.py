"""REFI-QDA (QDA-XML 1.0) reading and writing. Pure Python: no Django import anywhere below here.

`reader` turns a .qdpx/.qdc into the plain dataclasses of `model`, `positions` places text
selections whatever unit the producing tool counted in, `writer` turns the dataclasses back into
schema-valid files, and `safety` bounds what an untrusted upload may cost.
"""
