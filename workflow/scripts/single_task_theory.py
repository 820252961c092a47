"""Closed-form train/test error curves and optima for every (rank, svm) of an experiment."""
from lingen import io, provenance
from lingen.experiments import single_task

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    arrays = single_task.single_task_theory(smk.params.cfg)
    io.save_npz(smk.output.theory, arrays, provenance.job_record(smk))
    log.info("wrote %s", smk.output.theory)
