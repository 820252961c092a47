"""The paper's experiments as pure functions: config values in, arrays out.

One module per figure family assembles each stage (datasets, simulations, theory, summaries) from
the library (:mod:`lingen.teacher`, :mod:`lingen.dynamics`, :mod:`lingen.theory`,
:mod:`lingen.transfer`, :mod:`lingen.stats`) and the seeding rules of :mod:`lingen.seeds`. Nothing
here reads or writes files: the workflow scripts pass config values in and save what comes back, so
every stage can also be run from a notebook.

* :mod:`lingen.experiments.signal`       Figures 1, 2
* :mod:`lingen.experiments.single_task`  Figures 3, 4 and the optimal-stopping table
* :mod:`lingen.experiments.randomized`   Figure 5 (randomized against real targets)
* :mod:`lingen.experiments.sample_size`  Figure 6 (number of training examples P != N1)
* :mod:`lingen.experiments.transfer`     Figure 9 and the transfer-benefit table
"""
