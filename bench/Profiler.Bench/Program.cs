using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MLEnergy.Profiler.Bench;

// The stub library is built first and found through the environment, so benchmarks run in this process.
StubLibrary.BuildAndUse();
if (args is ["--sampler-cpu", ..])
{
    await SamplerCpuProbe.RunAsync(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
    return;
}

var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(EnergyReadBenchmarks).Assembly).Run(args, config);
