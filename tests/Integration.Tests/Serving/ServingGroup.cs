namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// Tests that launch servers and drive load run one after another, so their measurements do not compete.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServingGroup
{
    public const string Name = "Serving host";
}
