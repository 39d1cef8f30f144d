using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Tests.Stores;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void AUrlBecomesAnNpgsqlConnectionStringWithItsPartsUnescaped()
    {
        var text = PostgresConnectionString.From(
            "postgres://ml%40ops:s3cr%3At@db.example:6543/fleet?sslmode=require",
            "--store"
        );

        text.Should()
            .Contain("Host=db.example")
            .And.Contain("Port=6543")
            .And.Contain("Database=fleet")
            .And.Contain("Username=ml@ops")
            .And.Contain("Password=s3cr:t")
            .And.Contain("SSL Mode=Require");
    }

    [Theory]
    [InlineData(null, "$MLENERGY_STORE")]
    [InlineData("env:PG_URL", "--store env:PG_URL ($PG_URL)")]
    [InlineData("sqlite:", "--store")]
    public void AnAddressThatCannotBeReadIsNamedByWhereItCameFrom(string? store, string source) =>
        TrialStoreFactory.Source(store).Should().Be(source);

    [Fact]
    public void PasswordsAreHiddenInMessages() =>
        PostgresConnectionString.Redact("postgres://ml:secret@db/fleet").Should().Be("postgres://ml:***@db/fleet");

    [Fact]
    public void TheStoreAddressMayComeFromAnEnvironmentVariableSoThatNoPasswordShowsInPs()
    {
        var environment = new Dictionary<string, string> { ["PG_URL"] = "postgres://ml:secret@db/fleet" };

        TrialStoreFactory.Resolve("env:PG_URL", environment.GetValueOrDefault).Should().Be(environment["PG_URL"]);
        TrialStoreFactory.Resolve(null, _ => null).Should().BeNull();
        TrialStoreFactory
            .Resolve(null, v => v == TrialStoreFactory.Variable ? "sqlite:/x.db" : null)
            .Should()
            .Be("sqlite:/x.db");
        var missing = () => TrialStoreFactory.Resolve("env:NOPE", _ => null);
        missing.Should().Throw<StoreAddressException>().WithMessage("--store env:NOPE: the variable NOPE is not set*");
    }

    [Fact]
    public void AnUnknownOptionIsAnAddressErrorThatHidesThePassword()
    {
        var url = () => PostgresConnectionString.From("postgres://ml:secret@db/fleet?no_such_option=1", "--store");
        var pairs = () => PostgresConnectionString.From("postgres:Host=db;Password=secret;Bogus=1", "--store");

        url.Should().Throw<StoreAddressException>().WithMessage("*unknown or invalid option 'no such option'*");
        url.Should().Throw<StoreAddressException>().Which.Message.Should().NotContain("secret");
        pairs.Should().Throw<StoreAddressException>().Which.Message.Should().NotContain("secret");
    }

    [Theory]
    [InlineData("postgres://ml:secret@/fleet", "cannot read $MLENERGY_STORE 'postgres://ml:***@/fleet': expected")]
    [InlineData("postgres://db/fleet?bogus=1", "cannot read $MLENERGY_STORE 'postgres://db/fleet?bogus=1': unknown")]
    [InlineData("postgres:Host=db;Bogus=1", "cannot read $MLENERGY_STORE 'postgres:Host=db;Bogus=1': ")]
    public void AnAddressFromTheEnvironmentIsNamedByItsVariableNotByStore(string address, string message)
    {
        var read = () => PostgresConnectionString.From(address, TrialStoreFactory.Source(null));

        read.Should().Throw<StoreAddressException>().Which.Message.Should().StartWith(message);
    }
}
