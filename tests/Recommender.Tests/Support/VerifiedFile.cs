using System.Runtime.CompilerServices;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>
/// Golden files: compares text with <c>Verified/NAME.verified.txt</c> beside the calling test. On a difference
/// (or a missing file) it writes <c>NAME.received.txt</c> there and fails; accept a change by renaming it.
/// </summary>
internal static class VerifiedFile
{
    public static void Verify(string actual, string name, [CallerFilePath] string callerPath = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerPath)!, "Verified");
        var verified = Path.Combine(folder, $"{name}.verified.txt");
        var received = Path.Combine(folder, $"{name}.received.txt");
        var normalized = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        var expected = File.Exists(verified)
            ? File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal)
            : null;
        if (expected == normalized)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(received, normalized);
        normalized.Should().Be(expected, $"the output should match {verified} (the new output is in {received})");
    }
}
