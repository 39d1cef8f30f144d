using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Bench;

var mode = args.Length > 0 ? args[0] : "speed";
var dataPath = args.Length > 1 ? args[1] : "../shared/data/ml-energy-leaderboard-v3";
var host = SimulatedHosts.CreateDefault();
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
        Calibrator.Fit(
            host,
            MeasuredRow.LoadFolder(dataPath),
            args.Length > 2 ? args[2] : "H100-SXM-80GB",
            Console.Out
        );
        break;
    case "fit-tails":
        Calibrator.Fit(
            host,
            MeasuredRow.LoadFolder(dataPath),
            args.Length > 2 ? args[2] : "H100-SXM-80GB",
            Console.Out,
            tailsOnly: true
        );
        break;
    case "diffusion":
        DiffusionComparison.Run(MLEnergy.Simulation.Diffusion.DiffusionHost.CreateDefault(), dataPath, Console.Out);
        break;
    case "diffusion-fit":
        DiffusionCalibrator.Fit(
            MLEnergy.Simulation.Diffusion.DiffusionHost.CreateDefault(),
            dataPath,
            args.Length > 2 ? args[2] : "H100-SXM-80GB",
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
