using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Bench;

var mode = args.Length > 0 ? args[0] : "speed";
var dataPath = args.Length > 1 ? args[1] : "tests/Runtime.Tests/TestData/ml-energy-v3-lm-arena-chat-h100.json";
var host = SimulatedHosts.CreateDefault();
switch (mode)
{
    case "compare":
        Comparison.PrintTable(host, MeasuredRow.Load(dataPath), Console.Out);
        break;
    case "fit":
        Calibrator.Fit(host, MeasuredRow.Load(dataPath), Console.Out);
        break;
    case "grid":
        SpeedBench.Grid(host, Console.Out);
        break;
    default:
        SpeedBench.TokensPerSecond(host, Console.Out);
        SpeedBench.Grid(host, Console.Out);
        break;
}
