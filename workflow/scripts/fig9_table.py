"""Transfer-benefit table: simulated T (mean, 95% CI over runs) and theory per (s_A, s_B, q)."""
from lingen import io, provenance
from lingen.experiments import transfer

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    cfg = {"cfg": smk.params.cfg}
    theory, _ = io.load_npz(smk.input.theory, required=["s_A", "s_B", "q", "T", "T_BA"],
                            expect_params=cfg)
    panels = [io.load_npz(path, required=["s_A", "s_B", "q"], expect_params=cfg)[0]
              for path in smk.input.sims]
    rows = transfer.transfer_table_rows(smk.params.cfg, theory, panels)
    io.write_table(smk.output.table, rows, transfer.TRANSFER_COLUMNS, provenance.job_record(smk))
    log.info("wrote %d rows to %s", len(rows), smk.output.table)
