namespace MLEnergy.Profiler.Sampling;

/// <summary>Receives samples as the sampler takes them (a CSV file, an in-memory trace).</summary>
public interface IPowerSampleSink
{
    void Write(PowerSample sample);
}
