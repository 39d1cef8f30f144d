using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Bench;

const string DefaultDataPath = "../shared/data/ml-energy-leaderboard-v3";
var mode = args.Length > 0 ? args[0] : "speed";

// `-- fit GPU` (and fit-tails, diffusion-fit) names the GPU kind with the default data folder.
var gpuFirst = mode is "fit" or "fit-tails" or "diffusion-fit" && args.Length == 2 && !Directory.Exists(args[1]);
var dataPath = args.Length > 1 && !gpuFirst ? args[1] : DefaultDataPath;
var gpuArgument =
    gpuFirst ? args[1]
    : args.Length > 2 ? args[2]
    : "H100-SXM-80GB";
if (mode is not ("step" or "grid" or "speed") && !Directory.Exists(dataPath))
{
    Console.Error.WriteLine($"error: no data folder at {dataPath} (usage: -- {mode} [DATA-FOLDER] [GPU])");
    return 2;
}
var host = SimulatedHosts.CreateDefault();
try
{
    switch (mode)
    {
        case "table":
            FidelityReport.Run(
                host,
                MeasuredRow.LoadFolder(dataPath),
                args.Length > 2 ? int.Parse(args[2]) : 3,
                Console.Out
            );
            break;
        case "summary":
            FidelityReport.Run(
                host,
                MeasuredRow.LoadFolder(dataPath),
                args.Length > 2 ? int.Parse(args[2]) : 1,
                Console.Out,
                false
            );
            break;
        case "fit":
            Calibrator.Fit(host, MeasuredRow.LoadFolder(dataPath), gpuArgument, Console.Out);
            break;
        case "fit-tails":
            Calibrator.Fit(host, MeasuredRow.LoadFolder(dataPath), gpuArgument, Console.Out, tailsOnly: true);
            break;
        case "diffusion":
            DiffusionComparison.Run(MLEnergy.Simulation.Diffusion.DiffusionHost.CreateDefault(), dataPath, Console.Out);
            break;
        case "diffusion-fit":
            DiffusionCalibrator.Fit(
                MLEnergy.Simulation.Diffusion.DiffusionHost.CreateDefault(),
                dataPath,
                gpuArgument,
                args.Length > 3 ? args[3] : "black-forest-labs/FLUX.1-dev",
                args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : null,
                Console.Out
            );
            break;
        case "prompts":
            Calibrator.FitChatPrompts(host, MeasuredRow.LoadFolder(dataPath), Console.Out);
            break;
        case "pressure":
            KvPressure.Run(host, MeasuredRow.LoadFolder(dataPath), Console.Out);
            break;
        case "step":
            StepBreakdown.Run(
                host,
                args[1],
                args[2],
                int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture),
                Console.Out
            );
            break;
        case "grid":
            SpeedBench.Grid(host, Console.Out);
            break;
        default:
            SpeedBench.TokensPerSecond(host, Console.Out);
            SpeedBench.Grid(host, Console.Out);
            break;
    }
}
catch (UnknownCatalogEntryException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
return 0;
