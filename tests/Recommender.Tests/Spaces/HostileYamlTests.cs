using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Tests.Spaces;

public sealed class HostileYamlTests
{
    [Fact]
    public void AnAnchorThatRefersToItselfAsAKeyIsOneErrorNotAStackOverflow()
    {
        const string yaml = "name: x\nknobs: &a\n  ? *a\n  : 1\n";

        var read = () => SearchSpaceYamlReader.Read(yaml, "self.yaml");

        read.Should().Throw<SearchSpaceException>().WithMessage("*alias *a refers to the node that contains it*");
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsRefused()
    {
        var yaml = "knobs: " + new string('[', 10_000) + new string(']', 10_000) + "\n";

        var read = () => SearchSpaceYamlReader.Read(yaml, "deep.yaml");

        read.Should().Throw<SearchSpaceException>().WithMessage("*nested deeper than 64 levels*");
    }

    [Fact]
    public void AnEndlessFileIsReadNoFurtherThanTheLimit()
    {
        var read = () => SearchSpaceYamlReader.ReadDocument("/dev/zero");

        read.Should().Throw<SearchSpaceException>().WithMessage("*larger than 1024 KiB*");
    }
}
