namespace MLEnergy.Integration.Tests.Nvml;

/// <summary>Tests that share the one NVML stub loaded into this process run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class NvmlStubGroup : ICollectionFixture<NvmlStubFixture>
{
    public const string Name = "NVML stub";
}
