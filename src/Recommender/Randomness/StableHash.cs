namespace MLEnergy.Recommender.Randomness;

/// <summary>
/// FNV-1a over a text's characters: the same value in every process (unlike string.GetHashCode), so seeds
/// and hashed collections derived from it behave alike across runs.
/// </summary>
public static class StableHash
{
    public static int Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return (int)(hash & 0x7fffffff);
    }
}
