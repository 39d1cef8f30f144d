using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using MLEnergy.Cli.Output;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Http;

namespace MLEnergy.Cli.Commands;

/// <summary>
/// <c>mlenergy sim-server</c>: serves the simulated engine as an OpenAI-compatible server on loopback.
/// </summary>
internal static class SimServerCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var port = new Option<int>("--port")
        {
            Description = "TCP port on 127.0.0.1 (0 picks a free one).",
            DefaultValueFactory = _ => 8000,
        };
        var model = new Option<string>("--model")
        {
            Description = "Hugging Face id of the model to simulate, e.g. Qwen/Qwen3-8B.",
            Required = true,
        };
        var maxNumSeqs = new Option<int>("--max-num-seqs")
        {
            Description = "Most sequences in one batch (vLLM's max_num_seqs).",
            DefaultValueFactory = _ => 256,
        };
        var tensorParallel = new Option<int>("--tensor-parallel")
        {
            Description = "GPUs the model is split over.",
            DefaultValueFactory = _ => 1,
        };
        var timeScale = new Option<double>("--time-scale")
        {
            Description = "Virtual seconds per wall second (2 = twice as fast as the GPU would be).",
            DefaultValueFactory = _ => 1.0,
        };
        var gpu = new Option<string>("--gpu")
        {
            Description = "Simulated GPU kind.",
            DefaultValueFactory = _ => "H100-SXM-80GB",
        };
        var cap = new Option<int?>("--sm-clock-cap")
        {
            Description =
                "The simulated GPUs' SM clock cap at start, MHz (default: none; POST /control/gpus/{i} "
                + "changes it while serving).",
        };
        var limit = new Option<double?>("--power-limit")
        {
            Description = "The simulated GPUs' power limit at start, watts (default: the GPU's default).",
        };
        var command = new Command(
            "sim-server",
            "Serve a simulated GPU host running an LLM as an OpenAI-compatible HTTP server on loopback."
        )
        {
            port,
            model,
            maxNumSeqs,
            tensorParallel,
            timeScale,
            gpu,
            cap,
            limit,
        };
        command.SetAction(
            async (parseResult, cancellationToken) =>
            {
                var options = new SimServerOptions(
                    parseResult.GetValue(model)!,
                    parseResult.GetValue(maxNumSeqs),
                    parseResult.GetValue(tensorParallel),
                    parseResult.GetValue(timeScale),
                    parseResult.GetValue(port),
                    parseResult.GetValue(gpu)!,
                    parseResult.GetValue(cap),
                    parseResult.GetValue(limit)
                );
                return (int)await RunAsync(options, console, cancellationToken);
            }
        );
        return command;
    }

    /// <summary>
    /// The first option out of its range, named with its value; null when all are in range (the server itself checks
    /// --time-scale, the model, the GPU and its clock and power limit).
    /// </summary>
    private static string? Invalid(SimServerOptions options) =>
        options switch
        {
            { Port: < 0 or > 65535 } => $"--port must be 0..65535 (0 picks a free one), not {options.Port}",
            { MaxNumSeqs: < 1 } => $"--max-num-seqs must be at least 1, not {options.MaxNumSeqs}",
            { TensorParallel: < 1 } => $"--tensor-parallel must be at least 1, not {options.TensorParallel}",
            _ => null,
        };

    private static async Task<ExitCode> RunAsync(
        SimServerOptions options,
        IConsoleOutput console,
        CancellationToken cancellationToken
    )
    {
        if (Invalid(options) is { } problem)
        {
            throw new OptionValueException($"sim-server: {problem}");
        }

        SimServer server;
        try
        {
            server = new SimServer(SimulatedHost.CreateDefault(), options);
        }
        catch (ArgumentException ex)
        {
            var message = ex.ParamName is null
                ? ex.Message
                : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new OptionValueException($"sim-server: {message}", ex);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await using (server)
        {
            try
            {
                var address = await server.StartAsync(stop.Token);
                await console.Out.WriteLineAsync(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Simulated {options.ModelId} on {options.TensorParallel}× {options.GpuKind} (max_num_seqs "
                            + $"{options.MaxNumSeqs}, time ×{options.TimeScale}) listening on {address} — Ctrl-C to "
                            + $"stop."
                    )
                );
                await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (IOException ex)
            {
                throw new IOException($"sim-server: cannot listen on port {options.Port}: {ex.Message}", ex);
            }
        }

        await console.Out.WriteLineAsync("Simulated server stopped.");
        return ExitCode.Success;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
