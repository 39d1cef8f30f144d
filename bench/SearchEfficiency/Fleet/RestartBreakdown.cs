using System.Globalization;

namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>
/// Which trials began with a server restart: each worker's first trial (its server launched), first trials of new
/// configurations after that, and repeats, each as a share of such trials. A fleet restarts more than one worker for
/// three reasons this tells apart: one first launch per worker, a higher share of new configurations under another
/// server setting, and repeats claimed by workers whose servers run another setting.
/// </summary>
public static class RestartBreakdown
{
    public static string Describe(IEnumerable<FleetRun> runs)
    {
        var (launches, newOnes, newRestarts, repeats, repeatRestarts) = (0, 0, 0, 0, 0);
        foreach (var run in runs)
        {
            var started = new HashSet<string>();
            // A worker measures one trial at a time, so its first finished trial is its first claimed one.
            foreach (var trial in run.Log)
            {
                var restarted = StudyTrace.Restarted(trial);
                if (started.Add(trial.Worker))
                {
                    launches += restarted ? 1 : 0;
                }
                else if (trial.Repetition == 0)
                {
                    (newOnes, newRestarts) = (newOnes + 1, newRestarts + (restarted ? 1 : 0));
                }
                else
                {
                    (repeats, repeatRestarts) = (repeats + 1, repeatRestarts + (restarted ? 1 : 0));
                }
            }
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{launches} first, {newRestarts} of {newOnes} new configurations ({Share(newRestarts, newOnes):P0}), "
                + $"{repeatRestarts} of {repeats} repeats"
        );
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
