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

        url.Should()
            .Throw<StoreAddressException>()
            .WithMessage(
                "cannot read --store 'postgres://ml:***@db/fleet?no_such_option=1': unknown option 'no_such_option': "
                    + "a postgres:// address takes sslmode=*, sslrootcert=FILE, sslcert=FILE, sslkey=FILE, "
                    + "connect_timeout=SECONDS, application_name=NAME and target_session_attrs=*"
            );
        url.Should().Throw<StoreAddressException>().Which.Message.Should().NotContain("secret");
        pairs.Should().Throw<StoreAddressException>().Which.Message.Should().NotContain("secret");
        var pwd = () => PostgresConnectionString.From("postgres:Host=db;PWD=secret;Bogus=1", "--store");
        pwd.Should().Throw<StoreAddressException>().Which.Message.Should().NotContain("secret");
    }

    [Theory]
    [InlineData("postgres:Host=db;Password=\"se;cret\";Bogus=1", "Password=***;Bogus=1'")]
    [InlineData("postgres:Host=db;Password='se;c''ret';Bogus=1", "Password=***;Bogus=1'")]
    [InlineData("postgres:Host=db;Password=\"se;cret", "Password=***'")]
    public void AQuotedPasswordThatHoldsASemicolonIsHiddenWhole(string store, string shown)
    {
        // A quoted value may hold ';': hidden only up to it, "cret" was shown in the message.
        var read = () => PostgresConnectionString.From(store, "--store");

        var message = read.Should().Throw<StoreAddressException>().Which.Message;
        message.Should().Contain(shown).And.NotContain("cret").And.NotContain("se;");
    }

    [Theory]
    [InlineData("Foo=1", "unknown key 'Foo': postgres:KEY=VALUE;... takes Host, Port, Database, Username, Password, ")]
    [InlineData("Pooling=false", "unknown key 'Pooling': postgres:KEY=VALUE;... takes Host, Port, Database, ")]
    [InlineData("Port=abc", "'abc' is not a value of Port=NUMBER")]
    [InlineData("sslmode=sometimes", "'sometimes' is not a value of sslmode=disable|allow|prefer|require|")]
    [InlineData("Timeout=soon", "'soon' is not a value of connect_timeout=SECONDS")]
    [InlineData("Host", "expected KEY=VALUE pairs separated by ';', e.g. postgres:Host=db;Database=fleet")]
    public void AKeyTheKeyValueFormDoesNotTakeOrCannotHoldIsRefusedNamingWhatItTakes(string pairs, string problem)
    {
        // Before, Npgsql's own message: "Couldn't set foo (Parameter 'foo')", and Pooling=false passed through.
        var read = () => PostgresConnectionString.From($"postgres:Host=db;Password=secret;{pairs}", "--store");

        var message = read.Should().Throw<StoreAddressException>().Which.Message;
        message.Should().StartWith($"cannot read --store 'postgres:Host=db;Password=***;{pairs}': {problem}");
        message
            .Should()
            .NotContain("secret")
            .And.NotContain("Parameter")
            .And.NotContain("Couldn't")
            .And.NotContain("\n");
    }

    [Theory]
    [InlineData("postgres:Host=a;Server=b", "'Host' and 'Server' both set Host=HOST: give one of them")]
    [InlineData(
        "postgres:Host=a;dbname=x;Database=y",
        "'dbname' and 'Database' both set Database=NAME: give one of them"
    )]
    [InlineData("postgres:Host=a;user=x;User ID=y", "'user' and 'User ID' both set Username=NAME: give one of them")]
    [InlineData("postgres:Host=a;Port=1;port=2", "the key 'Port' is given twice: give it once")]
    [InlineData("postgres:Host=a;sslmode=disable;SSL Mode=require", "'sslmode' and 'SSL Mode' both set sslmode=")]
    [InlineData("postgres:Host=a;Password='x;Host=b';Host=c", "the key 'Host' is given twice: give it once")]
    [InlineData("postgres://ml@db/fleet?sslmode=disable&sslmode=require", "the option 'sslmode' is given twice: give")]
    [InlineData("postgres://ml@db/fleet?connect_timeout=1&CONNECT_TIMEOUT=2", "the option 'CONNECT_TIMEOUT' is given")]
    public void TwoNamesForOneSettingAreRefusedNamingBothNotSettledByKeepingTheLast(string store, string problem)
    {
        // Before, the last one was kept silently: Host=a;Server=b connected to b.
        var read = () => PostgresConnectionString.From(store, "--store");

        read.Should()
            .Throw<StoreAddressException>()
            .Which.Message.Should()
            .StartWith($"cannot read --store '{PostgresConnectionString.Redact(store)}': {problem}")
            .And.NotContain("\n");
    }

    [Fact]
    public void AQuotedValueHoldingAKeyIsNotTakenForASecondKey() =>
        PostgresConnectionString
            .From("postgres:Host=db;application_name='a;Host=b'", "--store")
            .Split(';')
            .Should()
            .Contain("Host=db");

    [Theory]
    [InlineData("postgres:Database=fleet;Username=ml")]
    [InlineData("postgres:Host= ;Database=fleet")]
    [InlineData("postgres:")]
    public void AKeyValueAddressWithoutAHostIsRefusedAsTheUrlFormIs(string store)
    {
        // Before, it was read, and only Npgsql refused it, on opening, in its own words.
        var read = () => PostgresConnectionString.From(store, "--store");

        read.Should()
            .Throw<StoreAddressException>()
            .WithMessage(
                $"cannot read --store '{store}': no Host: the address needs Host=HOST (psql's host), "
                    + "e.g. postgres:Host=db;Database=fleet"
            );
    }

    [Fact]
    public void AnUnknownKeyNamesEveryKeyTheFormTakesAndPsqlsNamesForThem()
    {
        var read = () => PostgresConnectionString.From("postgres:Host=db;Foo=1", "--store");

        read.Should()
            .Throw<StoreAddressException>()
            .WithMessage(
                "cannot read --store 'postgres:Host=db;Foo=1': unknown key 'Foo': postgres:KEY=VALUE;... takes Host, "
                    + "Port, Database, Username, Password, SSL Mode, Root Certificate, SSL Certificate, SSL Key, "
                    + "Timeout, Application Name and Target Session Attributes (or psql's names: host, port, dbname, "
                    + "user, password, sslmode, sslrootcert, sslcert, sslkey, connect_timeout, application_name, "
                    + "target_session_attrs)"
            );
    }

    [Theory]
    [InlineData("Host=db;Port=6543;Database=fleet;Username=ml;SSL Mode=Require", "Port=6543|SSL Mode=Require")]
    [InlineData("host=db;dbname=fleet;user=ml;sslmode=verify-full", "Database=fleet|Username=ml|SSL Mode=VerifyFull")]
    [InlineData("Server=db;User ID=ml;connect_timeout=5;application_name=ml", "Host=db|Timeout=5|Application Name=ml")]
    [InlineData("Host=db;Username=ml", "Host=db|Database=mlenergy|Username=ml")]
    public void TheKeyValueFormTakesTheAddressPartsAndOptionsByTheirNpgsqlOrPsqlNames(string pairs, string expected)
    {
        var text = PostgresConnectionString.From($"postgres:{pairs}", "--store");

        text.Split(';').Should().Contain(expected.Split('|'));
    }

    [Fact]
    public void BothFormsRefuseAnUnknownNameAlikeInOneLineThatNamesIt()
    {
        var url = () => PostgresConnectionString.From("postgres://ml@db/fleet?pooling=false", "--store");
        var pairs = () => PostgresConnectionString.From("postgres:Host=db;Username=ml;Pooling=false", "--store");

        url.Should().Throw<StoreAddressException>().Which.Message.Should().Contain(": unknown option 'pooling': a ");
        pairs.Should().Throw<StoreAddressException>().Which.Message.Should().Contain(": unknown key 'Pooling': postg");
        foreach (var read in new[] { url, pairs })
        {
            read.Should().Throw<StoreAddressException>().Which.Message.Should().NotContain("\n").And.Contain("takes");
        }
    }

    [Theory]
    [InlineData("sslmode=verify-full", "SSL Mode=VerifyFull")]
    [InlineData("connect_timeout=5", "Timeout=5")]
    [InlineData("application_name=mlenergy", "Application Name=mlenergy")]
    [InlineData("sslrootcert=%2Fetc%2Fca.pem&sslmode=require", "Root Certificate=/etc/ca.pem")]
    public void TheOptionsPsqlReadsInAnAddressSetTheirKeys(string query, string expected) =>
        PostgresConnectionString.From($"postgres://ml@db/fleet?{query}", "--store").Should().Contain(expected);

    [Theory]
    [InlineData("Pooling=false", "unknown option 'Pooling': a postgres:// address takes sslmode=")]
    [InlineData("ssl_mode=require", "unknown option 'ssl_mode': a postgres:// address takes sslmode=")]
    [InlineData(
        "sslmode=sometimes",
        "'sometimes' is not a value of sslmode=disable|allow|prefer|require|verify-ca|verify-full"
    )]
    [InlineData("connect_timeout=soon", "'soon' is not a value of connect_timeout=SECONDS")]
    [InlineData("sslmode", "the option sslmode=disable|allow|prefer|require|verify-ca|verify-full has no value")]
    public void AnOptionTheAddressDoesNotTakeOrCannotHoldIsRefusedNamingWhatItTakes(string query, string problem)
    {
        // Before, ?Pooling=false passed any Npgsql key through, and ?connect_timeout=5 was refused ("unknown or
        // invalid option 'connect timeout'") though psql reads it.
        var read = () => PostgresConnectionString.From($"postgres://ml:secret@db/fleet?{query}", "--store");

        read.Should()
            .Throw<StoreAddressException>()
            .Which.Message.Should()
            .StartWith($"cannot read --store 'postgres://ml:***@db/fleet?{query}': {problem}");
    }

    [Theory]
    [InlineData(
        "28P01",
        "password authentication failed for user \"ml\"",
        "the server refused the password of user 'ml'"
    )]
    [InlineData("3D000", "database \"fleet\" does not exist", "the server has no database 'fleet': create it")]
    [InlineData("42501", "permission denied for schema public", "permission denied for schema public")]
    public void AServerThatRefusesTheStoreSaysWhyWithoutItsCode(string state, string text, string expected)
    {
        var refused = new Npgsql.PostgresException(text, "FATAL", "FATAL", state);
        var address = new Npgsql.NpgsqlConnectionStringBuilder("Host=db;Username=ml;Password=secret;Database=fleet");

        var why = PostgresFailure.Describe(refused, address);

        why.Should().StartWith(expected).And.NotContain(state).And.NotContain("secret");
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
