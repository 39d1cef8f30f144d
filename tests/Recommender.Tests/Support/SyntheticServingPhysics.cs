namespace MLEnergy.Recommender.Tests.Support;

/// <summary>
/// Noise-free serving physics for one H100-like GPU: a decode step takes the longer of reading the bytes
/// (memory bound) and computing the batch (compute bound, slower at lower clock); power grows with clock
/// and is capped by the power limit, which lowers the clock. Latency rises with batch size and falls with
/// clock; energy per token falls with batch size and has its minimum near the memory-bound clock.
/// </summary>
public sealed class SyntheticServingPhysics(SyntheticModel model)
{
    public const double MaxClockMhz = 1980;
    public const double MinClockMhz = 345;
    private const double BandwidthGigabytesPerSecond = 3350;
    private const double EffectiveTeraflops = 400;
    private const double OverheadSeconds = 0.0012;

    public SyntheticModel Model => model;

    public SyntheticPoint At(double clockCapMhz, double powerLimitWatts, double batch)
    {
        var clock = Math.Clamp(clockCapMhz, MinClockMhz, MaxClockMhz);
        var (step, power) = Run(clock, batch);
        while (power > powerLimitWatts && clock > MinClockMhz)
        {
            clock = Math.Max(MinClockMhz, clock - 15);
            (step, power) = Run(clock, batch);
        }

        var itl = step * 1000;
        return new SyntheticPoint(itl, itl * (1.3 + (0.001 * batch)), power * step / batch, power, batch / step);
    }

    private (double StepSeconds, double PowerWatts) Run(double clock, double batch)
    {
        // Below about 1 GHz the SMs cannot keep enough memory requests in flight to use the full bandwidth.
        var memoryEfficiency = Math.Min(1, Math.Pow(clock / 1000, 0.8));
        var memory =
            (model.WeightsGigabytes + (batch * model.KvGigabytesPerSequence))
            / (BandwidthGigabytesPerSecond * memoryEfficiency);
        var compute = batch * model.GigaflopsPerToken / (EffectiveTeraflops * 1000 * clock / MaxClockMhz);
        var busy = Math.Pow(Math.Pow(memory, 4) + Math.Pow(compute, 4), 0.25);
        var step = busy + OverheadSeconds;
        var relativeClock = clock / MaxClockMhz;
        var power =
            90 + (110 * memory / step) + (500 * Math.Pow(relativeClock, 2.5) * (0.25 + (0.75 * compute / step)));
        return (step, power);
    }
}
