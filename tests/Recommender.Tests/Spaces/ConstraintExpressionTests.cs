using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Tests.Spaces;

public sealed class ConstraintExpressionTests
{
    private static readonly Dictionary<string, double> Values = new(StringComparer.Ordinal)
    {
        ["tensor_parallel"] = 2,
        ["replicas"] = 4,
        ["gpus"] = 8,
        ["zero"] = 0,
        ["android"] = 3,
    };

    private static double Eval(string text) =>
        ConstraintExpression.Evaluate(ConstraintExpression.Parse(text), n => Values[n]);

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("8 / 4 / 2", 1)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("-2 * 3", -6)]
    [InlineData("4 - -2", 6)]
    [InlineData("tensor_parallel * replicas", 8)]
    [InlineData("0.5 * gpus", 4)]
    public void ArithmeticFollowsTheUsualPrecedenceAndAssociativity(string text, double expected) =>
        Eval(text).Should().Be(expected);

    [Theory]
    [InlineData("tensor_parallel * replicas <= gpus", 1)]
    [InlineData("tensor_parallel * replicas < gpus", 0)]
    [InlineData("tensor_parallel * replicas == gpus", 1)]
    [InlineData("tensor_parallel * replicas != gpus", 0)]
    [InlineData("replicas >= 5", 0)]
    [InlineData("replicas > 3", 1)]
    [InlineData("0.1 + 0.2 <= 0.3", 1)]
    [InlineData("0.1 + 0.2 == 0.3", 1)]
    public void ComparisonsAreOneForTrueAndZeroForFalseWithinRoundingTolerance(string text, double expected) =>
        Eval(text).Should().Be(expected);

    [Theory]
    [InlineData("replicas > 3 and gpus == 8", 1)]
    [InlineData("replicas > 3 && gpus == 7", 0)]
    [InlineData("replicas > 5 or gpus == 8", 1)]
    [InlineData("replicas > 5 || gpus == 7", 0)]
    [InlineData("replicas > 5 and gpus == 7 or replicas == 4", 1)]
    [InlineData("replicas > 5 and (gpus == 7 or replicas == 4)", 0)]
    [InlineData("android == 3 and replicas == 4", 1)]
    public void AndBindsTighterThanOrAndWordOperatorsNeedAWordBoundary(string text, double expected) =>
        Eval(text).Should().Be(expected);

    [Fact]
    public void AndAndOrDoNotEvaluateTheRightSideWhenTheLeftDecides()
    {
        var looked = new List<string>();
        double Lookup(string name)
        {
            looked.Add(name);
            return Values[name];
        }

        ConstraintExpression.Evaluate(ConstraintExpression.Parse("zero > 1 and replicas > 1"), Lookup).Should().Be(0);
        ConstraintExpression.Evaluate(ConstraintExpression.Parse("gpus > 1 or replicas > 1"), Lookup).Should().Be(1);

        looked.Should().Equal("zero", "gpus");
    }

    [Fact]
    public void DivisionByZeroMakesTheComparisonFalseRatherThanThrowing() => Eval("gpus / zero <= 4").Should().Be(0);

    [Fact]
    public void IdentifiersListsEveryNameOnce() =>
        ConstraintExpression
            .Identifiers(ConstraintExpression.Parse("tensor_parallel * replicas <= gpus and replicas > 1"))
            .Should()
            .BeEquivalentTo(["tensor_parallel", "replicas", "gpus"]);

    [Theory]
    [InlineData("(1 + 2", "missing ')'")]
    [InlineData("1 + ", "unexpected end")]
    [InlineData("a = 1", "unexpected '= 1'")]
    [InlineData("1.2.3 <= gpus", "'1.2.3' is not a number")]
    [InlineData("gpus <= 8 <= 9", "unexpected '<= 9'")]
    [InlineData("gpus # 2", "unexpected '# 2'")]
    [InlineData("", "unexpected end")]
    public void MalformedTextIsAFormatErrorThatQuotesTheConstraintAndSaysWhat(string text, string what)
    {
        var act = () => ConstraintExpression.Parse(text);

        act.Should().Throw<FormatException>().WithMessage($"cannot read constraint '{text}': {what}");
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("-", "")]
    public void DeepNestingIsRefusedWithAFormatErrorInsteadOfExhaustingTheStack(string open, string close)
    {
        var text =
            string.Concat(Enumerable.Repeat(open, 10_000)) + "1" + string.Concat(Enumerable.Repeat(close, 10_000));

        var act = () => ConstraintExpression.Parse(text);

        act.Should()
            .Throw<FormatException>()
            .Which.Message.Should()
            .HaveLength(138)
            .And.EndWith("nested more than 64 levels deep");
    }

    [Fact]
    public void NestingWithinTheLimitStillParses() =>
        Eval(string.Concat(Enumerable.Repeat("(", 60)) + "gpus" + string.Concat(Enumerable.Repeat(")", 60)) + " == 8")
            .Should()
            .Be(1);
}
