using System.CommandLine;
using System.Globalization;
using MLEnergy.Cli.Output;
using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.State;
using MLEnergy.Units;

namespace MLEnergy.Cli.Commands;

/// <summary>
/// <c>mlenergy govern --plan RUN</c>: follows a serving server's load, setting the plan's GPU band for the measured
/// rate until stopped; <c>--print-dynamo-annotation</c> prints the plan as a static Kubernetes power cap instead.
/// </summary>
internal static class GovernCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var plan = new Option<string>("--plan")
        {
            Description = "The plan to follow: a plan.json, a run folder with one, a run id, or latest",
            Required = true,
        };
        var target = new Option<string>("--target")
        {
            Description = "The serving server (vLLM or mlenergy sim-server); its metrics are read from /metrics",
            DefaultValueFactory = _ => "http://127.0.0.1:8000",
        };
        var control = new Option<string>("--gpu-control")
        {
            Description =
                "auto: the target's simulated GPUs when it is a sim-server, else this host's GPUs (NVML); nvml; sim",
            DefaultValueFactory = _ => "auto",
        };
        control.AcceptOnlyFromAmong("auto", "nvml", "sim");
        var gpus = new Option<string?>("--gpus")
        {
            Description = "GPUs to set, as indices (e.g. 0,1); every GPU of the target by default",
        };
        var interval = Duration("--interval", "Time between two readings of the server's metrics", "5s");
        var window = Duration("--window", "The request rate is measured over this much of the server's time", "30s");
        var dwell = Duration(
            "--down-dwell",
            "A lower band is taken only once the rate has stayed in it this long (higher ones at once)",
            "60s"
        );
        var risk = new Option<string>("--rate-risk")
        {
            Description =
                "How often an hour, at most, the rate alone switches bands without cause at a steady load (a "
                + "sequential test at every reading); the SLO guard and a growing queue step up at once",
            DefaultValueFactory = _ => "0.05",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the decisions and touch no GPU" };
        var annotation = new Option<bool>("--print-dynamo-annotation")
        {
            Description =
                "Print the plan's top-band power limit as NVIDIA Dynamo's dynamo.nvidia.com/gpu-power-limit pod "
                + "annotation (a static cap for every load up to the plan's top level, the highest it measured) "
                + "and exit",
        };
        var stateDir = new Option<string?>("--state-dir")
        {
            Description = "State directory (default: $XDG_STATE_HOME/mlenergy or ~/.local/state/mlenergy)",
        };
        var command = new Command(
            "govern",
            "Follow a serving server's load with a plan from 'optimize --load-levels': every --interval read its "
                + "request rate and queue (vLLM's metrics), pick the plan's band with hysteresis and set its GPU clock "
                + "cap and power limit (journaled, under the host-wide GPU locks); an SLO guard steps up at once when "
                + "the measured latency nears the bound.\n"
                + "Runs until Ctrl-C or SIGTERM, then puts the original settings back (after kill -9: 'mlenergy "
                + "restore')."
        );
        // What governing uses and --print-dynamo-annotation does not.
        Option[] governing = [target, control, gpus, interval, window, dwell, risk, dryRun];
        foreach (var option in (Option[])[plan, .. governing, annotation, stateDir])
        {
            command.Options.Add(option);
        }

        command.SetAction(
            async (parse, cancellationToken) =>
            {
                var state = OptionValues.StateDirectory(parse.GetValue(stateDir));
                if (parse.GetValue(annotation))
                {
                    OptionValues.RefuseGiven(
                        parse,
                        "is not used by --print-dynamo-annotation, which prints the plan's static cap and governs "
                            + "nothing",
                        governing
                    );
                    foreach (var line in DynamoAnnotation.Lines(PlanLocator.Read(parse.GetValue(plan)!, state)))
                    {
                        await console.Out.WriteLineAsync(line);
                    }

                    return (int)ExitCode.Success;
                }

                var request = new GovernRequest(
                    parse.GetValue(plan)!,
                    Address(parse.GetValue(target)!),
                    Enum.Parse<GpuControlKind>(parse.GetValue(control)!, ignoreCase: true),
                    OptionValues.GpuIndices(parse.GetValue(gpus)),
                    Read(parse, interval),
                    new GovernorSettings(Read(parse, window), Read(parse, dwell)) { RateRisk = PerHour(parse, risk) },
                    parse.GetValue(dryRun),
                    state
                );
                await new GovernService(console.Out, TimeProvider.System).RunAsync(request, cancellationToken);
                return (int)ExitCode.Success;
            }
        );
        return command;
    }

    private static Option<string> Duration(string name, string description, string byDefault) =>
        new(name) { Description = description, DefaultValueFactory = _ => byDefault };

    private static TimeSpan Read(ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option);
        return DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw new OptionValueException($"cannot read {option.Name} '{text}': expected a duration like 5s");
    }

    private static double PerHour(ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option);
        return
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var perHour)
            && perHour is > 0 and <= 60
            ? perHour
            : throw new OptionValueException(
                $"cannot read {option.Name} '{text}': expected a number above 0, at most 60"
            );
    }

    private static Uri Address(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new OptionValueException($"cannot read --target '{text}': expected an address like {Example}");

    private const string Example = "http://127.0.0.1:8000";
}
