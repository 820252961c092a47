"""Figure 2: random-matrix theory of the signal in the noise against Monte Carlo."""
from lingen import io, provenance
from lingen.plotting import (
    FIG2_HISTOGRAM_KEYS,
    FIG2_MONTECARLO_KEYS,
    FIG2_THEORY_KEYS,
    fig2_figure,
)

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    theory, _ = io.load_npz(smk.input.theory, required=FIG2_THEORY_KEYS)
    montecarlo = [io.load_npz(path, required=FIG2_MONTECARLO_KEYS)[0] for path in smk.input.mc]
    histogram, _ = io.load_npz(smk.input.hist, required=FIG2_HISTOGRAM_KEYS)
    record = provenance.job_record(smk)
    fig = fig2_figure(theory, montecarlo, histogram)
    io.save_figure(fig, [smk.output.pdf, smk.output.png], record)
    log.info("wrote %s and %s", smk.output.pdf, smk.output.png)
