using MLEnergy.Cli;
using MLEnergy.Cli.Output;

return await MlEnergyApp.RunAsync(args, new SystemConsoleOutput(), CancellationToken.None);
