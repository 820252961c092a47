"""Per (svm, P): optimal stopping and late-time test error, theory against simulation."""
from lingen import io, provenance
from lingen.experiments import sample_size

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    cfg = {"cfg": smk.params.cfg}
    sims = [io.load_npz(path, required=["P", "epochs", "test"], expect_params=cfg)[0]
            for path in smk.input.sims]
    theory, _ = io.load_npz(smk.input.theory, expect_params=cfg)
    rows = sample_size.sample_size_rows(smk.params.cfg, theory, sims)
    io.write_table(
        smk.output.table, rows, sample_size.SAMPLE_SIZE_COLUMNS, provenance.job_record(smk)
    )
    for svm, (p_theory, p_sim) in sample_size.late_time_peaks(rows).items():
        log.info("svm %g: late-time test error peaks at P = %d (theory), %d (simulation)",
                 svm, p_theory, p_sim)
