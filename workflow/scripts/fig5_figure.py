"""Figure 5: singular-value histograms and train error of original against randomized targets."""
from lingen import io, provenance
from lingen.plotting.fig5 import FIG5_SIMULATION_KEYS, fig5_figure

smk = snakemake  # noqa: F821 - injected by Snakemake
cfg = smk.params.cfg
with io.job_logger(smk.log[0]) as log:
    sims = {}
    for path in smk.input.sims:
        arrays, _ = io.load_npz(path, required=[*FIG5_SIMULATION_KEYS, "kind"])
        sims[str(arrays["kind"])] = arrays
    theory, _ = io.load_npz(smk.input.theory)
    fig = fig5_figure(theory, sims, tau=1.0 / cfg["lr"], t_max=cfg["plot_t_max"])
    io.save_figure(fig, [smk.output.pdf, smk.output.png], provenance.job_record(smk))
    log.info("wrote %s, %s", smk.output.pdf, smk.output.png)
