using System.Text.RegularExpressions;

namespace MLEnergy.Integration.Tests.Conventions;

/// <summary>No globals: the console comes through the Cli's console abstraction, time through a TimeProvider.</summary>
public sealed partial class ConsoleAndClockTests
{
    private const string TheConsole = "src/Cli/Output/SystemConsoleOutput.cs";

    [Fact]
    public void OnlyTheCliConsoleAbstractionTouchesSystemConsole() =>
        Offending(ConsoleUse())
            .Where(hit => !hit.StartsWith(TheConsole + ":", StringComparison.Ordinal))
            .Should()
            .BeEmpty("output goes through IConsoleOutput, which the tests replace");

    [Fact]
    public void NoSourceReadsTheWallClockExceptThroughATimeProvider() =>
        Offending(WallClock()).Should().BeEmpty("time comes from an injected TimeProvider, so tests can move it");

    [Fact]
    public void TheDetectorsFindWhatTheyLookFor()
    {
        ConsoleUse().IsMatch("        Console.Error.WriteLine(x);").Should().BeTrue();
        ConsoleUse().IsMatch("        output.Console.Write(x);").Should().BeFalse();
        WallClock().IsMatch("var t = DateTimeOffset.UtcNow;").Should().BeTrue();
        WallClock().IsMatch("var t = DateTime.Now;").Should().BeTrue();
        WallClock().IsMatch("var t = time.GetUtcNow();").Should().BeFalse();
    }

    private static IEnumerable<string> Offending(Regex pattern) =>
        from file in SourceTree.CSharpFiles("src")
        from line in SourceTree.CodeLines(file)
        where pattern.IsMatch(line.Code)
        select $"{file}:{line.Number}: {line.Code.Trim()}";

    [GeneratedRegex(@"(?<![\w.])(System\.)?Console\.")]
    private static partial Regex ConsoleUse();

    [GeneratedRegex(@"\bDateTime(Offset)?\.(Now|UtcNow|Today)\b")]
    private static partial Regex WallClock();
}
