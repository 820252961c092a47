"""lingen: reproducible figures for Lampinen & Ganguli, "An analytic theory of generalization
dynamics and transfer learning in deep linear networks" (ICLR 2019).

Modules (data flows top to bottom):

* :mod:`lingen.teacher`    Haar matrices, teachers and every noisy training set the figures need.
* :mod:`lingen.dynamics`   gradient descent on products of weight matrices (full-matrix and exact
  per-mode engines for training-aligned students).
* :mod:`lingen.theory`     closed-form theory: learning curves, random-matrix distortion,
  train/test error dynamics, optimal stopping, optimal shrinkage, P != N1.
* :mod:`lingen.transfer`   multi-task (two-task) teacher SVD and transfer-benefit theory.
* :mod:`lingen.stats`      summaries over runs (means, 95% CIs, per-run optimal stopping).
* :mod:`lingen.seeds`      deterministic per-job random generators.
* :mod:`lingen.experiments`  each figure's stages assembled from the modules above (config in,
  arrays out).
* :mod:`lingen.config`     checking a workflow configuration before any job runs.
* :mod:`lingen.io`, :mod:`lingen.provenance`  the only modules that touch files.
* :mod:`lingen.plotting`   figure functions: arrays in, matplotlib Figure out.
* :mod:`lingen.cli`        ``lingen audit PATH``: a result's provenance chain.
"""

__version__ = "0.1.0"
