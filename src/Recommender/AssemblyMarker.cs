namespace MLEnergy.Recommender;
internal static class AssemblyMarker;
