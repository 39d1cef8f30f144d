namespace MLEnergy.Runtime;
internal static class AssemblyMarker;
