using System.Diagnostics;

namespace MLEnergy.Profiler.Bench;

/// <summary>Builds the tests' native NVML stub with gcc and points the NVML resolver at it.</summary>
internal static class StubLibrary
{
    public const string LibraryVariable = "MLENERGY_NVML_LIBRARY";

    public static string BuildAndUse()
    {
        var folder = Directory.CreateTempSubdirectory("mlenergy-bench-nvml-").FullName;
        var library = Path.Combine(folder, "libnvidia-ml.so.1");
        var gcc = new ProcessStartInfo("gcc");
        foreach (var argument in new[] { "-shared", "-fPIC", "-O2", "-o", library, FindSource() })
        {
            gcc.ArgumentList.Add(argument);
        }

        using var process = Process.Start(gcc) ?? throw new InvalidOperationException("gcc did not start");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("gcc failed to build the NVML stub");
        }

        Environment.SetEnvironmentVariable(LibraryVariable, library);
        return library;
    }

    private static string FindSource()
    {
        for (
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            directory is not null;
            directory = directory.Parent
        )
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Integration.Tests", "Native", "nvml_stub.c");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/Integration.Tests/Native/nvml_stub.c not found");
    }
}
