namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// Which unmeasured, unpruned candidates to score for one proposal: all of them in small spaces; in large
/// ones a seeded random sample plus the neighbours (one, two or a sixth of the levels along a knob, one along two) of
/// the
/// configurations that look best, so the cost per proposal stays flat as the space grows.
/// </summary>
internal sealed class CandidatePool(KnobGeometry geometry, SearchEvidence evidence, MonotoneBounds bounds, int poolSize)
{
    public int Pruned { get; private set; }

    public IReadOnlyList<int> Sample(System.Random random)
    {
        var count = geometry.Candidates.Count;
        if (count <= poolSize)
        {
            var all = Enumerable.Range(0, count).Where(i => !evidence.Covered.Contains(i)).ToList();
            var open = all.Where(i => !bounds.SurelyMisses(i) && !bounds.OutBatched(i)).ToList();
            Pruned = all.Count - open.Count;
            return open;
        }

        var chosen = new HashSet<int>();
        for (var tries = 0; tries < poolSize * 3 && chosen.Count < poolSize; tries++)
        {
            var i = random.Next(count);
            if (
                !evidence.Covered.Contains(i)
                && !chosen.Contains(i)
                && !bounds.SurelyMisses(i)
                && !bounds.OutBatched(i)
            )
            {
                chosen.Add(i);
            }
        }

        return [.. chosen];
    }

    public IEnumerable<int> Neighbours(int index)
    {
        var ranks = geometry.Ranks[index];
        for (var d = 0; d < ranks.Length; d++)
        {
            var far = Math.Max(3, geometry.Levels[d] / 6);
            foreach (var step in new[] { -far, -2, -1, 1, 2, far })
            {
                yield return Shift(ranks, (d, step));
                for (var e = d + 1; e < ranks.Length && Math.Abs(step) == 1; e++)
                {
                    yield return Shift(ranks, (d, step), (e, 1));
                    yield return Shift(ranks, (d, step), (e, -1));
                }
            }
        }
    }

    public bool IsOpen(int index) =>
        index >= 0 && !evidence.Covered.Contains(index) && !bounds.SurelyMisses(index) && !bounds.OutBatched(index);

    private int Shift(int[] ranks, params (int Dimension, int Step)[] moves)
    {
        var shifted = (int[])ranks.Clone();
        foreach (var (d, step) in moves)
        {
            shifted[d] += step;
        }

        return geometry.At(shifted);
    }
}
