using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Tests.Stores;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void AUrlBecomesAnNpgsqlConnectionStringWithItsPartsUnescaped()
    {
        var text = PostgresConnectionString.From("postgres://ml%40ops:s3cr%3At@db.example:6543/fleet?sslmode=require");

        text.Should()
            .Contain("Host=db.example")
            .And.Contain("Port=6543")
            .And.Contain("Database=fleet")
            .And.Contain("Username=ml@ops")
            .And.Contain("Password=s3cr:t")
            .And.Contain("SSL Mode=Require");
    }

    [Fact]
    public void PasswordsAreHiddenInMessages() =>
        PostgresConnectionString.Redact("postgres://ml:secret@db/fleet").Should().Be("postgres://ml:***@db/fleet");
}
