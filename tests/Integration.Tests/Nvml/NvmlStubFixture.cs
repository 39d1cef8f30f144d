using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MLEnergy.Integration.Tests.Nvml;

/// <summary>
/// Compiles Native/nvml_stub.c with gcc into a temporary folder as libnvidia-ml.so.1 and points the NVML resolver
/// at it. The stub appends every setter call it accepts to <see cref="CallLogPath"/>.
/// </summary>
public sealed class NvmlStubFixture : IDisposable
{
    public const string LibraryVariable = "MLENERGY_NVML_LIBRARY";

    public NvmlStubFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mlenergy-nvml-stub-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        LibraryPath = Path.Combine(Directory, "libnvidia-ml.so.1");
        CallLogPath = Path.Combine(Directory, "calls.log");
        ReadbackPath = Path.Combine(Directory, "readback.txt");
        Compile(StubSource(), LibraryPath, CallLogPath, ReadbackPath);
        Environment.SetEnvironmentVariable(LibraryVariable, LibraryPath);
    }

    public string Directory { get; }

    public string LibraryPath { get; }

    public string CallLogPath { get; }

    /// <summary>
    /// What the stub reads back: lines <c>floor_mw N</c>, <c>throttle N</c>, <c>temperature N</c> (see the stub).
    /// </summary>
    public string ReadbackPath { get; }

    /// <summary>How many times NVML is open in this process: initialisations not yet matched by a shutdown.</summary>
    public int OpenCount()
    {
        var handle = NativeLibrary.Load(LibraryPath);
        var export = NativeLibrary.GetExport(handle, "nvmlStubOpenCount");
        var count = Marshal.GetDelegateForFunctionPointer<CountFunction>(export);
        return count();
    }

    /// <summary>The setter calls the stub has accepted so far, one line each.</summary>
    public IReadOnlyList<string> Calls() => File.Exists(CallLogPath) ? File.ReadAllLines(CallLogPath) : [];

    public void Dispose()
    {
        // The library stays loaded in this process, so only the logs are removed; the folder is temporary.
        foreach (var file in new[] { CallLogPath, ReadbackPath }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    /// <summary>The stub's C source, found from the test binaries by walking up to the repository root.</summary>
    public static string StubSource()
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

        throw new FileNotFoundException(
            "tests/Integration.Tests/Native/nvml_stub.c not found above " + AppContext.BaseDirectory
        );
    }

    private delegate int CountFunction();

    private static void Compile(string source, string output, string callLog, string readback)
    {
        var gcc = new ProcessStartInfo("gcc") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (
            var argument in new[]
            {
                "-shared",
                "-fPIC",
                "-O2",
                "-Wall",
                "-Werror",
                "-o",
                output,
                source,
                $"-DSTUB_CALL_LOG=\"{callLog}\"",
                $"-DSTUB_READBACK=\"{readback}\"",
            }
        )
        {
            gcc.ArgumentList.Add(argument);
        }

        using var process = Process.Start(gcc) ?? throw new InvalidOperationException("gcc did not start");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc failed to build the NVML stub: {errors}");
        }
    }
}
