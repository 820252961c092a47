"""Figure 5 training sets of one kind (original or randomized targets), all runs stacked."""
from lingen import io, provenance
from lingen.experiments import randomized, single_task

smk = snakemake  # noqa: F821 - injected by Snakemake
p = smk.params
with io.job_logger(smk.log[0]) as log:
    ts, seeds = randomized.fig5_datasets(p.seed, p.cfg, smk.wildcards.kind)
    record = provenance.job_record(smk, seed=seeds)
    io.save_npz(smk.output.data, single_task.training_set_arrays(ts), record)
    log.info("wrote %s: %d runs", smk.output.data, p.cfg["runs"])
