namespace MLEnergy.Profiler;
internal static class AssemblyMarker;
