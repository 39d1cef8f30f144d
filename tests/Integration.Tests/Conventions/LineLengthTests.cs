namespace MLEnergy.Integration.Tests.Conventions;

/// <summary>
/// Lines fit a 120-column editor; <c>dotnet csharpier format .</c> (the repository's settings) keeps them so.
/// </summary>
public sealed class LineLengthTests
{
    private const int Limit = 120;

    [Theory]
    [InlineData("src")]
    [InlineData("tests")]
    [InlineData("bench")]
    public void NoLineIsLongerThan120Characters(string folder) =>
        (
            from file in SourceTree.CSharpFiles(folder)
            from line in File.ReadLines(Path.Combine(SourceTree.Root, file))
                .Select((text, i) => (Text: text, Number: i + 1))
            where line.Text.Length > Limit
            select $"{file}:{line.Number} ({line.Text.Length} characters)"
        )
            .Should()
            .BeEmpty();
}
