namespace MLEnergy.Cli;

/// <summary>The process exit codes of <c>mlenergy</c>; README lists them for schedulers.</summary>
public enum ExitCode
{
    /// <summary>
    /// The command did what was asked (a recommendation that meets the SLO, a measurement, a restore).
    /// </summary>
    Success = 0,

    /// <summary>
    /// Something failed while running (a target that broke, an I/O error); for <c>devices</c>, a GPU the driver counts
    /// cannot be reached (lost, no permission).
    /// </summary>
    Failure = 1,

    /// <summary>Bad input: unknown flag, malformed SLO, unknown model or GPU, broken YAML or data file.</summary>
    UsageError = 2,

    /// <summary>Tuning finished but no configuration meets every SLO constraint; the closest one is shown.</summary>
    NoConfigurationMeetsSlo = 3,

    /// <summary>
    /// The history store cannot be used: corrupt, written by a newer mlenergy (schema version), unreachable
    /// (PostgreSQL). Nothing in it was changed and no knob was touched.
    /// </summary>
    StoreUnusable = 4,

    /// <summary>
    /// Tuning finished and the advice is to keep the current configuration: the best configuration found is the
    /// baseline, or its savings' confidence interval reaches below the meaningful threshold (<c>--min-saving</c>).
    /// </summary>
    KeepCurrentConfiguration = 5,

    /// <summary>
    /// Another mlenergy process holds a GPU or the state directory this command needs (a host-wide lock); nothing was
    /// changed. The message names the holder's process id and what it is doing.
    /// </summary>
    HostBusy = 6,

    /// <summary>
    /// <c>optimize --nightly</c>: energy or latency drifted beyond their confidence intervals (or there was no
    /// earlier recommendation), so the space was re-tuned; the new recommendation and what drifted are in the run
    /// folder.
    /// </summary>
    NightlyRetuned = 10,

    /// <summary>The run was cancelled (Ctrl-C, SIGTERM); knobs were restored and finished trials kept.</summary>
    Cancelled = 130,
}
