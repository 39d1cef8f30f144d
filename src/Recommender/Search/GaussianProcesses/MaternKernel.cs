namespace MLEnergy.Recommender.Search.GaussianProcesses;

/// <summary>
/// The Matérn 5/2 covariance with one length scale per input dimension and unit signal variance
/// (targets are standardised before fitting).
/// </summary>
internal sealed record MaternKernel(double[] LengthScales)
{
    private static readonly double Sqrt5 = Math.Sqrt(5);

    public double Covariance(double[] a, double[] b)
    {
        var squared = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (a[i] - b[i]) / LengthScales[i];
            squared += d * d;
        }

        var r = Sqrt5 * Math.Sqrt(squared);
        return (1 + r + (r * r / 3)) * Math.Exp(-r);
    }

    public MaternKernel WithLengthScale(int dimension, double value)
    {
        var scales = (double[])LengthScales.Clone();
        scales[dimension] = value;
        return new MaternKernel(scales);
    }
}
