"""Train the joint and task-alone TA students of one s_A panel of Figure 9 (every s_B, q, run)."""
from lingen import io, provenance
from lingen.experiments import transfer

smk = snakemake  # noqa: F821 - injected by Snakemake
p, s_A = smk.params, float(smk.wildcards.s_A)
with io.job_logger(smk.log[0]) as log:
    sets, seeds = transfer.panel_training_sets(p.seed, p.cfg, s_A)
    log.info("s_A %g: %d runs per student", s_A, sets.joint.n_runs)
    arrays = transfer.simulate_transfer_panel(
        sets, p.cfg, s_A, progress=lambda student: log.info("training %s", student)
    )
    io.save_npz(smk.output.sim, arrays, provenance.job_record(smk, seed=seeds))
    log.info("wrote %s", smk.output.sim)
