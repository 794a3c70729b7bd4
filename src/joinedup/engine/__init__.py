"""The numeric core: matching, opinions, systems and text vectors.

Plain Python with numpy, scipy, scikit-learn and networkx. No Django import (tests enforce it), no I/O:
plain data in, plain data out, explicit seeds.
"""
