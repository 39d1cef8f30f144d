using System.Globalization;

namespace MLEnergy.Profiler.Measure;

/// <summary>
/// Reads a GPU list as typed on the command line: <c>0,1,3</c>; an empty entry, a sign or a GPU named twice is
/// refused.
/// </summary>
public static class GpuSelection
{
    public static bool TryParse(string text, out IReadOnlyList<int> gpus, out string? problem)
    {
        var parsed = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                gpus = [];
                problem = $"--gpus expects GPU indices like 0,1; '{part}' is not one";
                return false;
            }

            if (parsed.Contains(index))
            {
                gpus = [];
                problem = $"--gpus names GPU {index} twice";
                return false;
            }

            parsed.Add(index);
        }

        gpus = parsed;
        problem = null;
        return true;
    }
}
