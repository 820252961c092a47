"""Figure 6 theory: test curves, optima and late-time errors for every (svm, P) (SCIENCE.md 1.8)."""
from lingen import io, provenance
from lingen.experiments import sample_size

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    arrays = sample_size.sample_size_theory(smk.params.cfg)
    io.save_npz(smk.output.theory, arrays, provenance.job_record(smk))
    log.info("wrote %s", smk.output.theory)
