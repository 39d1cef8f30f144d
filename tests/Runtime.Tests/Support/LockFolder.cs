using System.Runtime.CompilerServices;
using MLEnergy.Runtime.Locks;

namespace MLEnergy.Runtime.Tests.Support;

/// <summary>Host-wide locks and originals of this test process go to a folder of their own.</summary>
internal static class LockFolder
{
    public static string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlenergy-runtime-test-locks-{Environment.ProcessId}");

    [ModuleInitializer]
    internal static void Use() => Environment.SetEnvironmentVariable(LockDirectory.Variable, Path);
}
