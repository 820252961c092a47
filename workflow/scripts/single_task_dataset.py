"""Noisy teacher datasets of one condition (all runs stacked)."""
from lingen import io, provenance
from lingen.experiments import single_task

smk = snakemake  # noqa: F821 - injected by Snakemake
wc, p = smk.wildcards, smk.params
with io.job_logger(smk.log[0]) as log:
    ts, seeds = single_task.single_task_datasets(p.seed, wc.exp, p.cfg, int(wc.rank), float(wc.svm))
    record = provenance.job_record(smk, seed=seeds)
    io.save_npz(smk.output.data, single_task.training_set_arrays(ts), record)
    log.info("wrote %s: %d runs", smk.output.data, p.cfg["runs"])
