using MLEnergy.LoadFollowing;

return await Evaluation.RunAsync(args, Console.Out, CancellationToken.None);
