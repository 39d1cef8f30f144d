namespace MLEnergy.Profiler.Tests.Support;

/// <summary>Paths of the captured files in TestData/ and temporary copies tests may change.</summary>
public static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    /// <summary>A writable copy of a TestData folder, deleted when disposed.</summary>
    public static TemporaryCopy CopyFolder(string name)
    {
        var target = Directory.CreateTempSubdirectory("mlenergy-testdata-").FullName;
        var source = PathOf(name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return new TemporaryCopy(target);
    }

    public sealed record TemporaryCopy(string Root) : IDisposable
    {
        public void Write(string relativePath, string content) =>
            File.WriteAllText(Path.Combine(Root, relativePath), content);

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
