using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Cli;

/// <summary>
/// A store address that cannot be read is named by where it came from: the variable, not <c>--store</c>.
/// </summary>
public sealed class StoreSourceTests
{
    [Fact]
    public async Task APostgresAddressFromMlenergyStoreThatCannotBeReadNamesTheVariable()
    {
        using var temp = new TempDirectory();

        var (code, output) = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["MLENERGY_STORE"] = "postgres://ml:secret@db/fleet?bogus=1" },
            "history",
            "--state-dir",
            temp.Path
        );

        code.Should().Be(2, output);
        output
            .Should()
            .Be(
                "mlenergy: cannot read $MLENERGY_STORE 'postgres://ml:***@db/fleet?bogus=1': unknown option "
                    + "'bogus': a postgres:// address takes "
                    + "sslmode=disable|allow|prefer|require|verify-ca|verify-full, sslrootcert=FILE, sslcert=FILE, "
                    + "sslkey=FILE, connect_timeout=SECONDS, application_name=NAME and "
                    + "target_session_attrs=any|primary|standby|...\n"
            );
    }
}
