"""What the forkserver that `dl-parity check` starts its workers from imports once (used when
TensorFlow is loaded in the checker, see worker._context): the modules a learner's file and the
course's helpers usually import, so that the worker started for each call finds them imported
instead of importing them again. Measured: `import matplotlib.pyplot` alone costs ~0.7 s, about
as much as the rest of a call; checking deep's 19 functions took 15.7 s with a worker per call
importing them.

No TensorFlow here (a process with TensorFlow's threads is what the forkserver avoids forking),
and plotting without a window, as in the workers themselves. A module that is not installed is
skipped: the learner's file then meets the missing module as it would anyway.
"""

import importlib
import os

os.environ["MPLBACKEND"] = "Agg"

MODULES = ("numpy", "h5py", "matplotlib.pyplot", "dlparity.learner.worker",
           "dlparity.learner.loading")

for _name in MODULES:
    try:
        importlib.import_module(_name)
    except ImportError:
        pass
