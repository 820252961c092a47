"""Figure 9 theory: transfer benefit for every (s_A, s_B), fine q grid and simulated q."""
from lingen import io, provenance
from lingen.experiments import transfer

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    arrays = transfer.transfer_theory(smk.params.cfg)
    io.save_npz(smk.output.theory, arrays, provenance.job_record(smk))
    log.info("wrote %s", smk.output.theory)
