using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Tests.State;

public sealed class StateDirectoryTests
{
    [Fact]
    public void AnAbsoluteXdgStateHomeHoldsTheStateDirectory() =>
        StateDirectory
            .Default(Environment(xdg: "/srv/state", home: "/home/op"))
            .Should()
            .Be(Path.Combine("/srv/state", "mlenergy"));

    [Theory]
    [InlineData("state")]
    [InlineData("./state")]
    [InlineData("")]
    public void ARelativeOrEmptyXdgStateHomeIsIgnoredForTheHomeFolder(string xdg) =>
        StateDirectory
            .Default(Environment(xdg, home: "/home/op"))
            .Should()
            .Be(Path.Combine("/home/op", ".local", "state", "mlenergy"));

    private static Func<string, string?> Environment(string xdg, string home) =>
        name =>
            name switch
            {
                "XDG_STATE_HOME" => xdg,
                "HOME" => home,
                _ => null,
            };
}
