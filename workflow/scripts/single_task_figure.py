"""Figures 3 and 4: single-task theory against simulation; the rule's name (fig3, fig4) selects
the table rows and the layout."""
from lingen import io, provenance
from lingen.plotting import single_task

smk = snakemake  # noqa: F821 - injected by Snakemake
cfg = smk.params.cfg
with io.job_logger(smk.log[0]) as log:
    (theory_path,) = smk.input.theory
    theory, _ = io.load_npz(theory_path, required=single_task.THEORY_KEYS)
    sims = [io.load_npz(path, required=single_task.SIMULATION_KEYS)[0] for path in smk.input.sims]
    fig = single_task.single_task_figure(
        theory, sims, io.read_table(smk.input.table),
        figure=smk.rule, curve_svm=cfg["curve_svm"], tau=1.0 / cfg["lr"],
        save_every=cfg["save_every"], **single_task.LAYOUTS[smk.rule],
    )
    record = provenance.job_record(smk)
    io.save_figure(fig, [smk.output.pdf, smk.output.png], record)
    log.info("wrote %s and %s", smk.output.pdf, smk.output.png)
