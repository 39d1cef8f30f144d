using System.Runtime.CompilerServices;
using MLEnergy.Runtime.Locks;

namespace MLEnergy.Integration.Tests.Support;

/// <summary>
/// Host-wide locks of this test process (and the mlenergy processes it starts) go to a folder of their own, so that
/// test runs side by side on one machine do not refuse each other the NVML stub's GPUs.
/// </summary>
internal static class LockFolder
{
    public static string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlenergy-test-locks-{Environment.ProcessId}");

    [ModuleInitializer]
    internal static void Use() => Environment.SetEnvironmentVariable(LockDirectory.Variable, Path);
}
