using MLEnergy.SearchEfficiency;

return await Harness.RunAsync(args, Console.Out, CancellationToken.None);
