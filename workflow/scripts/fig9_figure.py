"""Figure 9: transfer benefit against alignment q, one panel per s_A."""
from lingen import io, provenance
from lingen.plotting.fig9 import FIG9_THEORY_KEYS, fig9_figure

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    theory, _ = io.load_npz(smk.input.theory, required=FIG9_THEORY_KEYS)
    fig = fig9_figure(theory, io.read_table(smk.input.table))
    io.save_figure(fig, [smk.output.pdf, smk.output.png], provenance.job_record(smk))
    log.info("wrote %s, %s", smk.output.pdf, smk.output.png)
