"""Operations: what an unattended run needs (run report, quality monitors, progress, exit codes)."""
