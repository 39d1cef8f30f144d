namespace MLEnergy.Simulation.Models;

/// <summary>Layers whose attention sees only the last <paramref name="Window"/> tokens (local attention).</summary>
public sealed record SlidingWindow(int Window, int Layers);
