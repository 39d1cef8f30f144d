namespace MLEnergy.Runtime.Tests.Support;

/// <summary>Finds files of the repository (shipped data, search spaces) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Data(params string[] parts) => Path.Combine([Root, "data", .. parts]);

    public static string TestData(params string[] parts) =>
        Path.Combine([Root, "tests", "Runtime.Tests", "TestData", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLEnergy.Optimizer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MLEnergy.Optimizer.sln not found above the test folder");
    }
}
