namespace MLEnergy.Integration.Tests.Conventions;

/// <summary>
/// Lines fit a 120-column editor; <c>dotnet csharpier format .</c> (the repository's settings) keeps them so. A line
/// is measured in UTF-8 bytes, as byte-counting tools measure it: a comment with ρ or √ is longer than it looks.
/// </summary>
public sealed class LineLengthTests
{
    private const int Limit = 120;

    [Theory]
    [InlineData("src")]
    [InlineData("tests")]
    [InlineData("bench")]
    public void NoLineIsLongerThan120Bytes(string folder) =>
        (
            from file in SourceTree.CSharpFiles(folder)
            from line in File.ReadLines(Path.Combine(SourceTree.Root, file))
                .Select((text, i) => (Text: text, Number: i + 1))
            where System.Text.Encoding.UTF8.GetByteCount(line.Text) > Limit
            select $"{file}:{line.Number} ({System.Text.Encoding.UTF8.GetByteCount(line.Text)} bytes)"
        )
            .Should()
            .BeEmpty();
}
